namespace MicroGrad;

// The topological order of a graph, built iteratively into buffers reused across calls on the same thread, so
// that Backward() allocates nothing once warm and its depth is bounded by memory, not by the thread's stack.
public sealed partial class Value
{
    // Each exclusive traversal takes a fresh stamp, so that a node's _visit says "seen in this traversal" without a
    // hash set. One atomic increment per traversal (not per node) keeps stamps unique across threads, which matters
    // because a node may be visited by graphs built on different threads at different times.
    private static int s_lastVisit;

    /// <summary>The next traversal stamp from <paramref name="counter"/>. After 2³² traversals the counter wraps; 0 is
    /// the stamp of every node never visited, so it is skipped (otherwise fresh operands would look already emitted
    /// and Backward would silently miss them).</summary>
    internal static int NextVisitStamp(ref int counter)
    {
        var stamp = Interlocked.Increment(ref counter);
        return stamp != 0 ? stamp : Interlocked.Increment(ref counter);
    }

    /// <summary>How a traversal remembers the nodes it has seen. A struct type argument, so that the JIT compiles
    /// <see cref="Traversal.Run{TMarks}"/> once per kind with the calls inlined.</summary>
    private interface IVisitMarks
    {
        bool IsMarked(Value node);

        void Mark(Value node);
    }

    // In the node itself (its _visit stamp): no lookup, but a second traversal of the same nodes at the same time
    // overwrites the first one's marks. For Backward and ZeroGrad, which write the graph and so run one at a time.
    private readonly struct StampMarks(int visit) : IVisitMarks
    {
        public bool IsMarked(Value node) => node._visit == visit;

        public void Mark(Value node) => node._visit = visit;
    }

    // In a set of the traversal's own: nothing is written to the graph, so any number of threads may traverse it.
    private readonly struct SetMarks(HashSet<Value> seen) : IVisitMarks
    {
        public bool IsMarked(Value node) => seen.Contains(node);

        public void Mark(Value node) => seen.Add(node);
    }

    // In a map of the traversal's own, which then holds each node's position in the order: for Autograd, which
    // needs the positions of a node's operands and, like the read-only traversals, writes nothing to the graph.
    private readonly struct IndexMarks(Dictionary<Value, int> index) : IVisitMarks
    {
        public bool IsMarked(Value node) => index.ContainsKey(node);

        public void Mark(Value node) => index.TryAdd(node, -1);
    }

    /// <summary>
    /// Depth-first post-order with an explicit stack, leaving the nodes (and, if asked, the leaves apart) in reusable
    /// arrays. Rent one with <see cref="Rent"/>, run it, read <see cref="Nodes"/>, then <see cref="Return"/> it; the
    /// buffers are per thread, so traversals on different threads never share them.
    /// </summary>
    internal sealed class Traversal
    {
        // Buffers larger than this (in elements) are dropped after use rather than kept for the thread's lifetime.
        private const int RetainLimit = 1 << 20;

        [ThreadStatic]
        private static Traversal? t_spare;

        private Value?[] _stack = new Value?[64];

        // Marks of read-only traversals above this many nodes are dropped after use: a set keeps its capacity when
        // cleared, and one sized for a million nodes (20 bytes a slot) would hold 20-40 MB for the thread's lifetime.
        private const int SeenRetainLimit = 1 << 16;

        // The marks of read-only traversals, kept (empty) between them as the arrays are when they stayed small (see
        // SeenRetainLimit), otherwise dropped.
        private HashSet<Value>? _seen;

        /// <summary>For tests: the capacity of the marks kept for the next read-only traversal (0 when none are
        /// kept).</summary>
        internal int RetainedMarksCapacity => _seen?.EnsureCapacity(0) ?? 0;

        /// <summary>The nodes in topological order (each after its operands); leaves too unless run with
        /// <c>leavesApart</c>.</summary>
        public Value[] Nodes { get; private set; } = new Value[256];

        /// <summary>Number of entries of <see cref="Nodes"/> in use.</summary>
        public int NodeCount { get; private set; }

        /// <summary>With <c>leavesApart</c>: the leaves in the order the traversal met them.</summary>
        public Value[] Leaves { get; private set; } = new Value[64];

        /// <summary>With <c>resetGrads</c>: each leaf's <see cref="Grad"/> before it was reset.</summary>
        public double[] LeafGrads { get; private set; } = new double[64];

        /// <summary>Number of entries of <see cref="Leaves"/> in use.</summary>
        public int LeafCount { get; private set; }

        public static Traversal Rent()
        {
            // Taking the spare out (rather than sharing it) keeps a traversal that throws from leaving it half used.
            var traversal = t_spare ?? new Traversal();
            t_spare = null;
            return traversal;
        }

        public void Return()
        {
            // Drop the references, so that the buffers do not keep the last graph alive.
            Array.Clear(Nodes, 0, NodeCount);
            Array.Clear(Leaves, 0, LeafCount);
            NodeCount = 0;
            LeafCount = 0;
            if (_index is { } index)
            {
                // As the marks of read-only traversals, a large map is dropped rather than kept for the thread's life,
                // above a limit four times theirs (about 7 MB) since Autograd sweeps the same graph again and again (a
                // Hessian's rows; micrograd's demo loss has about 70,000 nodes).
                if (index.Count > IndexRetainLimit)
                    _index = null;
                else
                    index.Clear();
            }
            if (Nodes.Length <= RetainLimit && Leaves.Length <= RetainLimit && _stack.Length <= RetainLimit)
                t_spare = this;
        }

        private const int IndexRetainLimit = 1 << 18;

        // The positions of the last indexed traversal, kept (empty) for the next one as the marks are.
        private Dictionary<Value, int>? _index;

        /// <summary>After <see cref="RunIndexed"/>: each node's position in <see cref="Nodes"/>.</summary>
        public Dictionary<Value, int> Index => _index!;

        /// <summary>Orders the graph without writing to it, as <see cref="RunShared"/>, and leaves each node's position
        /// in <see cref="Index"/> (valid until <see cref="Return"/>).</summary>
        public void RunIndexed(Value root)
        {
            var index = _index ??= new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
            Run(root, leavesApart: false, resetGrads: false, new IndexMarks(index));
            var nodes = Nodes;
            for (var i = 0; i < NodeCount; i++)
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(index, nodes[i]) = i;
        }

        /// <summary>Orders the graph for Backward or ZeroGrad: marks in the nodes, so two such traversals of shared
        /// nodes must not run at once (see <see cref="Run{TMarks}"/>).</summary>
        public void RunExclusive(Value root, bool leavesApart, bool resetGrads) =>
            Run(root, leavesApart, resetGrads, new StampMarks(NextVisitStamp(ref s_lastVisit)));

        /// <summary>Orders the graph without writing to it (marks in a set of this traversal's own), so that any
        /// number of threads may order the same graph at once (see <see cref="Run{TMarks}"/>).</summary>
        public void RunShared(Value root, bool leavesApart)
        {
            var seen = _seen ??= new HashSet<Value>(ReferenceEqualityComparer.Instance);
            try
            {
                Run(root, leavesApart, resetGrads: false, new SetMarks(seen));
            }
            finally
            {
                // Clear keeps the set's capacity: a large one is dropped instead, so the next traversal starts small.
                if (seen.Count > SeenRetainLimit)
                    _seen = null;
                else
                    seen.Clear();
            }
        }

        /// <summary>
        /// Orders the graph below <paramref name="root"/>: micrograd's <c>build_topo</c> (operands left to right, each
        /// node after its operands) with an explicit stack. The stack always holds the current path from the root, so
        /// an operand already marked has already been emitted (in a DAG it cannot be on the path), and each node is
        /// emitted once. Leaves are emitted when met, without a push.
        /// </summary>
        /// <param name="root">The output node.</param>
        /// <param name="leavesApart">Put leaves in <see cref="Leaves"/> instead of <see cref="Nodes"/>.</param>
        /// <param name="resetGrads">Set every node's <see cref="Grad"/> to 0 as it is emitted, saving the leaves'
        /// previous gradients in <see cref="LeafGrads"/> (requires <paramref name="leavesApart"/>).</param>
        /// <param name="marks">Where the nodes seen are marked.</param>
        private void Run<TMarks>(Value root, bool leavesApart, bool resetGrads, TMarks marks)
            where TMarks : struct, IVisitMarks
        {
            // Locals rather than fields in the loop: this runs once per node of every Backward().
            var stack = _stack;
            var nodes = Nodes;
            var leaves = Leaves;
            var leafGrads = LeafGrads;
            var nodeCount = 0;
            var leafCount = 0;
            var depth = 0;
            var maxDepth = 0;
            var next = root;
            marks.Mark(root);
            while (true)
            {
                if (next is not null)
                {
                    // Enter a node: a leaf is emitted at once, an op is pushed until its operands are emitted.
                    if (next._op != OpCode.Leaf)
                    {
                        var left = next._left!;
                        if (marks.IsMarked(left) && (!IsBinary(next._op) || marks.IsMarked(next._right!)))
                        {
                            // Its operands are already emitted (as for most products w·x): emit it without a push,
                            // exactly where the push and the pop would have emitted it.
                            if (resetGrads)
                                next.Grad = 0.0;
                            if (nodeCount == nodes.Length)
                                nodes = Grow(nodes);
                            nodes[nodeCount++] = next;
                        }
                        else
                        {
                            if (depth == stack.Length)
                                stack = Grow(stack);
                            stack[depth++] = next;
                            if (depth > maxDepth)
                                maxDepth = depth;
                        }
                    }
                    else if (leavesApart)
                    {
                        if (leafCount == leaves.Length)
                        {
                            leaves = Grow(leaves);
                            leafGrads = Grow(leafGrads);
                        }
                        if (resetGrads)
                        {
                            leafGrads[leafCount] = next.Grad;
                            next.Grad = 0.0;
                        }
                        leaves[leafCount++] = next;
                    }
                    else
                    {
                        if (nodeCount == nodes.Length)
                            nodes = Grow(nodes);
                        nodes[nodeCount++] = next;
                    }
                }
                if (depth == 0)
                    break;

                // The first operand of the top node not yet marked, or none: then every operand is emitted.
                var node = stack[depth - 1]!;
                next = node._left!;
                if (marks.IsMarked(next))
                {
                    next = IsBinary(node._op) ? node._right! : null;
                    if (next is null || marks.IsMarked(next))
                    {
                        depth--;
                        if (resetGrads)
                            node.Grad = 0.0;
                        if (nodeCount == nodes.Length)
                            nodes = Grow(nodes);
                        nodes[nodeCount++] = node;
                        next = null;
                        continue;
                    }
                }
                marks.Mark(next);
            }

            // The stack's slots above the path are stale references: drop them so they do not keep a graph alive.
            Array.Clear(stack, 0, maxDepth);
            _stack = stack;
            Nodes = nodes;
            Leaves = leaves;
            LeafGrads = leafGrads;
            NodeCount = nodeCount;
            LeafCount = leafCount;
        }

        // Growth is rare and kept out of line, so that the traversal loop keeps its locals in registers.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static T[] Grow<T>(T[] array)
        {
            Array.Resize(ref array, 2 * array.Length);
            return array;
        }
    }
}
