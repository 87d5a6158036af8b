"""Run one command under several Go versions, and write CI matrices.

``module``  finds the go line that governs a directory (go.work, else go.mod);
``pick``    chooses the versions (explicit specs, the supported releases, the go line);
``runner``  runs the jobs in parallel, each in its own process group, with logs;
``report``  turns results into the --json document and JUnit XML;
``ci``      computes and renders the matrix a CI system should run.
"""
