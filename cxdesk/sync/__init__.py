"""Reading and writing sync packages: archive safety, manifest, CSV codec, merge plan."""
