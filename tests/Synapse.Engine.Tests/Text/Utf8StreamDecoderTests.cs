using System.Text;
using Synapse.Engine.Text;

namespace Synapse.Engine.Tests.Text;

public sealed class Utf8StreamDecoderTests
{
    [Fact]
    public void Ascii_passes_through()
    {
        var decoder = new Utf8StreamDecoder();
        Assert.Equal("hello", decoder.Decode("hello"u8));
    }

    [Theory]
    [InlineData("é")]       // 2 bytes
    [InlineData("€")]       // 3 bytes
    [InlineData("😀")]      // 4 bytes, a surrogate pair in UTF-16
    [InlineData("日本語")]
    public void A_character_split_across_pieces_comes_out_only_when_complete(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var decoder = new Utf8StreamDecoder();
        var output = new StringBuilder();
        for (var i = 0; i < bytes.Length; i++)
        {
            var delta = decoder.Decode(bytes.AsSpan(i, 1));
            // Never half a character: every delta is well-formed on its own.
            Assert.DoesNotContain('\uFFFD', delta);
            if (delta.Length > 0)
            {
                Assert.False(char.IsHighSurrogate(delta[^1]), "a delta ended inside a surrogate pair");
            }

            output.Append(delta);
        }

        Assert.Equal(text, output.ToString());
    }

    [Fact]
    public void The_first_byte_of_a_character_is_held_back()
    {
        var euro = Encoding.UTF8.GetBytes("a€b");
        var decoder = new Utf8StreamDecoder();
        Assert.Equal("a", decoder.Decode(euro.AsSpan(0, 2)));
        Assert.Equal("", decoder.Decode(euro.AsSpan(2, 1)));
        Assert.Equal("€b", decoder.Decode(euro.AsSpan(3)));
    }

    [Fact]
    public void Invalid_bytes_become_replacement_characters_without_throwing()
    {
        var decoder = new Utf8StreamDecoder();
        Assert.Equal("a\uFFFDb", decoder.Decode([(byte)'a', 0xFF, (byte)'b']));
        // A lone continuation byte.
        Assert.Equal("\uFFFD", decoder.Decode([0x80]));
        // A lead byte followed by ASCII: the broken sequence is replaced, the ASCII kept.
        Assert.Equal("", decoder.Decode([0xE2]));
        Assert.Equal("\uFFFDx", decoder.Decode("x"u8));
    }

    [Fact]
    public void Overlong_and_surrogate_encodings_are_rejected()
    {
        var decoder = new Utf8StreamDecoder();
        Assert.DoesNotContain('/', decoder.Decode([0xC0, 0xAF]));
        Assert.Contains('\uFFFD', decoder.Decode([0xED, 0xA0, 0x80]));
    }

    [Fact]
    public void Flush_turns_an_unfinished_character_into_a_replacement()
    {
        var decoder = new Utf8StreamDecoder();
        Assert.Equal("ok", decoder.Decode([(byte)'o', (byte)'k', 0xF0, 0x9F]));
        Assert.Equal("\uFFFD", decoder.Decode([], flush: true));
        Assert.Equal("", decoder.Decode([], flush: true));
    }

    [Fact]
    public void A_too_small_destination_is_an_argument_error()
    {
        var decoder = new Utf8StreamDecoder();
        Assert.Throws<ArgumentException>(() => decoder.Decode("abc"u8, new char[2]));
    }
}
