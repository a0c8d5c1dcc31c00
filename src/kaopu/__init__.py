"""Kaopu (靠谱): the working platform of a district Federation of Industry and Commerce."""
