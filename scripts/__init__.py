"""Development scripts: the synthetic corpus generator and the benchmark."""
