"""Everything Qt: windows, screens, widgets and the background bridge."""
