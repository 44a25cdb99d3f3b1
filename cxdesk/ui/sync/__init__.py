"""cxdesk.ui.sync."""
