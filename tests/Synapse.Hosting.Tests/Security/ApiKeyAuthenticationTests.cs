using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Synapse.Hosting.Security;
using Synapse.Hosting.Tests.Infrastructure;

namespace Synapse.Hosting.Tests.Security;

public sealed class ApiKeyAuthenticationTests
{
    private static Task<TestServer> StartAsync(Action<ApiKeyOptions> configure) => TestServer.StartAsync(
        services => services.AddSynapseApiKeys(configure),
        app =>
        {
            app.UseSynapseApiKeys();
            app.MapGet("/v1/models", () => "models");
            app.MapGet("/admin/status", () => "status");
            app.MapGet("/health", () => "ok");
        });

    private static async Task<(HttpStatusCode Status, JsonElement? Error, HttpResponseMessage Response)> GetAsync(TestServer server, string path, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        JsonElement? error = response.IsSuccessStatusCode ? null : JsonDocument.Parse(body).RootElement.GetProperty("error");
        return (response.StatusCode, error, response);
    }

    [Fact]
    public async Task Client_keys_guard_v1_with_openai_errors_and_leave_health_open()
    {
        await using var server = await StartAsync(o => o.ClientKeys = ["sk-one", "sk-two"]);

        var missing = await GetAsync(server, "/v1/models", null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal("invalid_request_error", missing.Error!.Value.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, missing.Error.Value.GetProperty("code").ValueKind);
        Assert.Equal("Bearer", missing.Response.Headers.WwwAuthenticate.Single().Scheme);

        var wrong = await GetAsync(server, "/v1/models", "Bearer sk-wrong-123456");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal("invalid_api_key", wrong.Error!.Value.GetProperty("code").GetString());
        Assert.DoesNotContain("sk-wrong-123456", wrong.Error.Value.GetProperty("message").GetString(), StringComparison.Ordinal);

        var basic = await GetAsync(server, "/v1/models", "Basic abc");
        Assert.Equal("invalid_api_key", basic.Error!.Value.GetProperty("code").GetString());

        // Unknown /v1 paths are refused like known ones: the key is checked before routing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(server, "/v1/nothing", null)).Status);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/v1/models", "Bearer sk-two")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/v1/models", "bearer  sk-one ")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/health", null)).Status);
    }

    [Fact]
    public async Task Without_keys_v1_is_open_and_admin_takes_loopback_clients()
    {
        await using var server = await StartAsync(o => o.AdminPath = "/admin");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/v1/models", null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/admin/status", null)).Status);
    }

    [Fact]
    public async Task The_admin_key_guards_admin_and_a_client_key_does_not_open_it()
    {
        await using var server = await StartAsync(o =>
        {
            o.ClientKeys = ["sk-client"];
            o.AdminKey = "sk-admin";
            o.AdminPath = "/admin";
        });

        var none = await GetAsync(server, "/admin/status", null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal("invalid_api_key", none.Error!.Value.GetProperty("code").GetString());
        Assert.Contains("SYNAPSE_ADMIN_KEY", none.Error.Value.GetProperty("message").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(server, "/admin/status", "Bearer sk-client")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/admin/status", "Bearer sk-admin")).Status);
        // Keys are separate: the admin key is not a client key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(server, "/v1/models", "Bearer sk-admin")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/v1/models", "Bearer sk-client")).Status);
    }

    [Fact]
    public void Keys_are_compared_whole()
    {
        var keys = new ApiKeySet(["sk-secret", "sk-other"]);
        Assert.True(keys.Enabled);
        Assert.True(keys.Contains("sk-secret"));
        Assert.False(keys.Contains("sk-secre"));
        Assert.False(keys.Contains("sk-secret2"));
        Assert.False(keys.Contains(""));
        Assert.False(new ApiKeySet([]).Enabled);
    }
}
