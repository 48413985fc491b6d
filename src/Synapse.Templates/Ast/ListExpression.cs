using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary><c>[a, b]</c>, or <c>(a, b)</c> when <paramref name="tuple"/>.</summary>
internal sealed class ListExpression(int line, IReadOnlyList<Expression> items, bool tuple) : Expression(line)
{
    public IReadOnlyList<Expression> Items { get; } = items;

    public bool IsTuple { get; } = tuple;

    public override object? Evaluate(RenderContext context, Frame frame)
    {
        if (IsTuple)
        {
            var values = new object?[Items.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Items[i].Evaluate(context, frame);
            }

            return values;
        }

        var list = new List<object?>(Items.Count);
        foreach (var item in Items)
        {
            list.Add(item.Evaluate(context, frame));
        }

        return list;
    }
}
