"""The FIC's own members (会员) and their dues (会费): built by issue 16's membership part."""
