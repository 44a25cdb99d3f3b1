"""cxdesk.ui.table."""
