namespace Synapse.TestModels;

/// <summary>
/// A little plain English the test tokenizers learn their merges from, so the common words of test prompts
/// ("Hello world", "the", "and", chat roles) become real multi-character tokens.
/// </summary>
internal static class TrainingCorpus
{
    public const string Text = """
        Hello world! Hello world. Hello, world: the whole world says hello to the world. Hello, how are you today? I am fine, thank you. The quick brown fox jumps over the lazy dog.
        The system is a helpful assistant. The user asks a question and the assistant answers it in a short,
        clear and friendly way. You are a helpful assistant. Answer the question of the user.
        Once upon a time there was a little girl who lived in a small house near the forest. Every day she went
        to the river to get water for her mother. One day she saw a big bird sitting on a tree. The bird was
        singing a happy song, and the girl stopped to listen. She smiled and said: "What a beautiful song!"
        The bird looked at her and flew away into the blue sky. The girl went home and told her mother about it.
        Her mother was happy and gave her a warm hug. They ate bread and soup together and then went to sleep.
        Machine learning models read text as tokens. A token is a small piece of a word, a whole word, or a
        sign like a comma or a point. The model predicts the next token, one after the other, until it stops.
        This server answers many requests at the same time, and every request gets its own sequence of tokens.
        What is the capital of France? The capital of France is Paris. What is two plus two? Two plus two is four.
        Write a short poem about the sea. The sea is wide and deep and blue, it sings at night and shines at noon.
        Please tell me a story about a cat and a dog who became good friends. They played in the garden all day.
        There are numbers like 1, 2, 3, 10, 42, 100 and 2024 in this text, and words with capitals: Monday, June,
        London, Paris, Python, English. It's good, isn't it? We're here, they've gone, I'll stay, you'd agree.
        user assistant system user assistant system: hello, hi, thanks, yes, no, maybe, okay, sure, good morning.
        """;
}
