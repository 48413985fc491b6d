// Replaced by the node's real host in the node work; kept only so the solution builds from the first commit.
return 1;
