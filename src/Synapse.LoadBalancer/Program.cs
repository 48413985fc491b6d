return await Synapse.LoadBalancer.BalancerApplication.RunAsync(args, CancellationToken.None);
