// Every test here runs several real processes; on a small machine two fleets at once would only slow each other down.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
