"""The chambers app's entries on the start pages: each part in its own module."""

from kaopu.chambers import workbench_fourgood  # noqa: F401
