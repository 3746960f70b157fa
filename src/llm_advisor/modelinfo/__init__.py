"""One model's facts offline: architecture classification, parameter counts, config reading and `info`."""
