"""The ClusterXchange scheme: codes, countries, working days, distances, lump sums, rules."""
