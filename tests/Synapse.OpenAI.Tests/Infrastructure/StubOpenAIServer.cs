using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using OpenAI;
using OpenAI.Chat;

namespace Synapse.OpenAI.Tests.Infrastructure;

/// <summary>
/// Puts the official OpenAI .NET SDK on an in-process HttpMessageHandler: it records the request body the SDK sends
/// and answers with bytes we produced. Nothing leaves the process.
/// </summary>
internal sealed class StubOpenAIServer : HttpMessageHandler
{
    private readonly int _status;
    private readonly byte[] _body;
    private readonly string _contentType;

    public StubOpenAIServer(int status, byte[] body, string contentType)
    {
        _status = status;
        _body = body;
        _contentType = contentType;
    }

    public byte[]? RequestBody { get; private set; }
    public string? RequestPath { get; private set; }
    public string? Authorization { get; private set; }

    public ChatClient ChatClient(string model = "synapse-test")
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:1/v1"),
            Transport = new HttpClientPipelineTransport(new HttpClient(this)),
            RetryPolicy = new ClientRetryPolicy(0),
        };
        return new ChatClient(model, new ApiKeyCredential("sk-local-test-key"), options);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestPath = request.RequestUri?.AbsolutePath;
        Authorization = request.Headers.Authorization?.ToString();
        RequestBody = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new MediaTypeHeaderValue(_contentType);
        return new HttpResponseMessage((HttpStatusCode)_status) { Content = content };
    }
}
