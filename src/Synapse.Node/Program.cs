return await Synapse.Node.NodeApplication.RunAsync(args, CancellationToken.None);
