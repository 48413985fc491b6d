using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Synapse.EndToEnd.Deployment;

/// <summary>
/// deploy/kubernetes renders (kubectl kustomize where kubectl is installed) and its objects keep the invariants a
/// safe rollout needs. Where kubectl is absent the same checks run on the manifests read directly, with the
/// kustomization's fields applied here; that reading is checked against kubectl's where both exist.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(Synapse.Testing.Fixtures.RepositoryRoot, "deploy", "kubernetes");

    // Kinds without a namespace, which kustomize's `namespace` leaves alone.
    private static readonly HashSet<string> ClusterScoped = ["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"];

    [Fact]
    public async Task KubectlKustomizeRendersAndTheObjectsKeepTheirInvariants()
    {
        if (Tool.Find("kubectl") is not { } kubectl)
        {
            Assert.Skip("kubectl is not installed: the manifests' invariants are checked without it by the other test.");
            return;
        }

        var rendered = YamlDocuments.Load(await Tool.CheckAsync(kubectl, "kustomize", Folder));
        CheckInvariants(rendered);
        Assert.Equal(Identities(ReadWithoutKubectl()), Identities(rendered));
    }

    [Fact]
    public void TheManifestsKeepTheirInvariantsReadWithoutKubectl() => CheckInvariants(ReadWithoutKubectl());

    /// <summary>What `kubectl kustomize` makes of the folder, for the fields the kustomization uses (namespace, resources).</summary>
    private static List<YamlMappingNode> ReadWithoutKubectl()
    {
        var kustomization = YamlDocuments.Load(File.ReadAllText(Path.Combine(Folder, "kustomization.yaml"))).Single();
        var fields = kustomization.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();
        Assert.True(fields.SetEquals(["apiVersion", "kind", "namespace", "resources"]),
            "The kustomization uses fields this reading does not apply; keep it to namespace and resources or apply the new ones here: " + string.Join(", ", fields));
        var ns = kustomization.Text("namespace")!;
        var objects = new List<YamlMappingNode>();
        foreach (var file in kustomization.Strings("resources"))
        {
            foreach (var document in YamlDocuments.Load(File.ReadAllText(Path.Combine(Folder, file))))
            {
                var kind = document.Text("kind")!;
                if (!ClusterScoped.Contains(kind))
                {
                    ((YamlMappingNode)document.At("metadata")!).Children[new YamlScalarNode("namespace")] = new YamlScalarNode(ns);
                }

                // kustomize also gives a binding's service accounts the namespace.
                foreach (var subject in document.Items("subjects").OfType<YamlMappingNode>().Where(s => s.Text("kind") == "ServiceAccount"))
                {
                    subject.Children[new YamlScalarNode("namespace")] = new YamlScalarNode(ns);
                }

                objects.Add(document);
            }
        }

        return objects;
    }

    private static List<string> Identities(List<YamlMappingNode> objects) =>
        objects.Select(o => $"{o.Text("kind")}/{o.Text("metadata", "namespace")}/{o.Text("metadata", "name")}").Order(StringComparer.Ordinal).ToList();

    private static YamlMappingNode One(List<YamlMappingNode> objects, string kind, string name) =>
        Assert.Single(objects, o => o.Text("kind") == kind && o.Text("metadata", "name") == name);

    private static void CheckInvariants(List<YamlMappingNode> objects)
    {
        Assert.All(objects.Where(o => !ClusterScoped.Contains(o.Text("kind")!)), o => Assert.Equal("synapse", o.Text("metadata", "namespace")));

        // Nodes: probes on the right paths, a startup window for a first download and conversion, the drain.
        var nodes = One(objects, "Deployment", "synapse-node");
        var pod = nodes.At("spec", "template", "spec")!;
        var node = Assert.Single(pod.Items("containers"));
        Assert.Equal("/health", node.Text("startupProbe", "httpGet", "path"));
        var startupSeconds = Int(node, "startupProbe", "periodSeconds") * Int(node, "startupProbe", "failureThreshold");
        Assert.True(startupSeconds >= 15 * 60, $"the startup probe allows {startupSeconds} s; a first download and conversion needs minutes");
        Assert.Equal("/health/ready", node.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("/health", node.Text("livenessProbe", "httpGet", "path"));
        var preStop = node.At("lifecycle", "preStop");
        Assert.NotNull(preStop);
        var preStopSeconds = preStop.At("sleep", "seconds") is null ? 0 : Int(preStop, "sleep", "seconds");
        var grace = Env(node, "SYNAPSE_SHUTDOWN_GRACE");
        Assert.NotNull(grace);
        Assert.True(Int(pod, "terminationGracePeriodSeconds") > int.Parse(grace.Text("value")!, CultureInfo.InvariantCulture) + preStopSeconds,
            "terminationGracePeriodSeconds must exceed the preStop pause plus SYNAPSE_SHUTDOWN_GRACE, or running generations are killed");
        var threads = Env(node, "SYNAPSE_THREADS");
        Assert.NotNull(threads);
        Assert.Equal("limits.cpu", threads.Text("valueFrom", "resourceFieldRef", "resource"));
        var nodeLabels = Labels(nodes.At("spec", "template", "metadata", "labels")!).ToHashSet();
        Assert.Subset(nodeLabels, Labels(nodes.At("spec", "selector", "matchLabels")!).ToHashSet());

        // The cache on a persistent volume claim that exists.
        var cache = Assert.Single(pod.Items("volumes"), v => v.At("persistentVolumeClaim") is not null);
        One(objects, "PersistentVolumeClaim", cache.Text("persistentVolumeClaim", "claimName")!);
        Assert.Contains(node.Items("volumeMounts"), m => m.Text("name") == cache.Text("name") && m.Text("mountPath") == Env(node, "HF_HOME")?.Text("value"));

        // One node at a time in a voluntary disruption, selecting the node pods.
        var pdb = Assert.Single(objects, o => o.Text("kind") == "PodDisruptionBudget");
        Assert.True(pdb.At("spec", "maxUnavailable") is not null || pdb.At("spec", "minAvailable") is not null);
        Assert.Equal(Labels(nodes.At("spec", "selector", "matchLabels")!), Labels(pdb.At("spec", "selector", "matchLabels")!));

        // The nodes' Service the balancer watches, with the port it names.
        var balancer = One(objects, "Deployment", "synapse-balancer");
        var balancerPod = balancer.At("spec", "template", "spec")!;
        var proxy = Assert.Single(balancerPod.Items("containers"));
        var service = One(objects, "Service", Env(proxy, "SYNAPSE_K8S_SERVICE")!.Text("value")!);
        Assert.Contains(service.Items("spec", "ports"), p => p.Text("name") == Env(proxy, "SYNAPSE_K8S_PORT")!.Text("value"));
        Assert.Subset(nodeLabels, Labels(service.At("spec", "selector")!).ToHashSet());
        Assert.Contains(objects, o => o.Text("kind") == "Service" && Labels(o.At("spec", "selector")!).SequenceEqual(Labels(balancer.At("spec", "selector", "matchLabels")!)));
        Assert.Equal("/health/ready", proxy.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("/health", proxy.Text("livenessProbe", "httpGet", "path"));

        // RBAC: the balancer's service account may list and watch EndpointSlices, and nothing it does not need.
        var account = balancerPod.Text("serviceAccountName")!;
        One(objects, "ServiceAccount", account);
        var binding = Assert.Single(objects, o => o.Text("kind") == "RoleBinding"
            && o.Items("subjects").Any(s => s.Text("kind") == "ServiceAccount" && s.Text("name") == account && s.Text("namespace") == "synapse"));
        var role = One(objects, binding.Text("roleRef", "kind")!, binding.Text("roleRef", "name")!);
        var rule = Assert.Single(role.Items("rules"));
        Assert.Equal(["discovery.k8s.io"], rule.Strings("apiGroups"));
        Assert.Equal(["endpointslices"], rule.Strings("resources"));
        Assert.Contains("list", rule.Strings("verbs"));
        Assert.Contains("watch", rule.Strings("verbs"));
        Assert.All(rule.Strings("verbs"), v => Assert.Contains(v, new[] { "get", "list", "watch" }));

        // The autoscaler example scales the nodes on their queue depth.
        var hpa = Assert.Single(objects, o => o.Text("kind") == "HorizontalPodAutoscaler");
        Assert.Equal("synapse-node", hpa.Text("spec", "scaleTargetRef", "name"));
        Assert.Contains(hpa.Items("spec", "metrics"), m => m.Text("pods", "metric", "name") == "synapse_num_requests_waiting");

        // Every pod: non-root, no privilege escalation, every container limited.
        foreach (var workload in new[] { nodes, balancer })
        {
            var spec = workload.At("spec", "template", "spec")!;
            Assert.Equal("true", spec.Text("securityContext", "runAsNonRoot"));
            Assert.NotEqual("0", spec.Text("securityContext", "runAsUser"));
            foreach (var container in spec.Items("containers"))
            {
                Assert.Equal("false", container.Text("securityContext", "allowPrivilegeEscalation"));
                Assert.Contains("ALL", container.Strings("securityContext", "capabilities", "drop"));
                Assert.NotNull(container.Text("resources", "limits", "cpu"));
                Assert.NotNull(container.Text("resources", "limits", "memory"));
            }
        }
    }

    private static int Int(YamlNode node, params string[] path) => int.Parse(node.Text(path)!, CultureInfo.InvariantCulture);

    private static YamlNode? Env(YamlNode container, string name) => container.Items("env").SingleOrDefault(e => e.Text("name") == name);

    private static List<string> Labels(YamlNode mapping) =>
        YamlDocuments.Merged((YamlMappingNode)mapping).Select(kv => $"{kv.Key}={((YamlScalarNode)kv.Value).Value}").Order(StringComparer.Ordinal).ToList();
}
