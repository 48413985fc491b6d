// One fleet and one browser serve every test here, one test at a time: the dashboard test kills and drains nodes the
// chat tests talk to, and a small machine runs one fleet best.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
