using System.Text;
using Synapse.Templates.Runtime;

namespace Synapse.Templates.Ast;

/// <summary>
/// <c>{% for target in iterable [if filter] %}</c>. Each iteration gets a fresh frame (assignments do not
/// survive it, as in Jinja); <c>else</c> runs when nothing was iterated.
/// </summary>
internal sealed class ForStatement(
    int line, IReadOnlyList<string> targets, Expression iterable, Expression? filter,
    IReadOnlyList<Statement> body, IReadOnlyList<Statement>? elseBody, bool recursive) : Statement(line)
{
    protected override Flow RenderCore(RenderContext context, Frame frame, StringBuilder output) =>
        RenderLoop(context, frame, iterable.Evaluate(context, frame), 1, output);

    private Flow RenderLoop(RenderContext context, Frame frame, object? source, int depth, StringBuilder output)
    {
        if (depth > RenderContext.MaxCallDepth)
        {
            throw new JinjaRuntimeError("RecursionError", "maximum recursion depth exceeded in a recursive loop");
        }

        var items = PyObjects.Iterate(source);
        if (filter is not null)
        {
            var kept = new List<object?>();
            foreach (var item in items)
            {
                var probe = new Frame(frame);
                Bind(probe, item);
                if (PyObjects.Truthy(filter.Evaluate(context, probe)))
                {
                    kept.Add(item);
                }
            }

            items = kept;
        }

        if (items.Count == 0)
        {
            return elseBody is null ? Flow.Normal : RenderAll(elseBody, context, frame, output);
        }

        Func<RenderContext, object?, int, string>? recurse = recursive
            ? (ctx, children, childDepth) =>
            {
                var nested = new StringBuilder();
                RenderLoop(ctx, frame, children, childDepth, nested);
                return nested.ToString();
            }
            : null;
        var loop = new LoopContext(items, depth, recurse);
        for (var i = 0; i < items.Count; i++)
        {
            loop.Index0 = i;
            var iteration = new Frame(frame);
            iteration.Set("loop", loop);
            Bind(iteration, items[i]);
            if (RenderAll(body, context, iteration, output) == Flow.Break)
            {
                break;
            }
        }

        return Flow.Normal;
    }

    private void Bind(Frame frame, object? item)
    {
        if (targets.Count == 1)
        {
            frame.Set(targets[0], item);
            return;
        }

        var values = Assignment.Unpack(item, targets.Count);
        for (var t = 0; t < targets.Count; t++)
        {
            frame.Set(targets[t], values[t]);
        }
    }
}
