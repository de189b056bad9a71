using LRBench.Training.Data;
using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>
/// A batch source over two tensors held in memory, samples along the first dimension. The tensors are copied to a
/// device once, the first time a batch is asked for there. Tensors the source made itself (<see cref="FromImages"/>)
/// and its device copies are freed by <see cref="Dispose"/>; tensors handed in stay the caller's.
/// </summary>
public sealed class TensorBatchSource : IBatchSource, IDisposable
{
    private readonly Tensor _input;
    private readonly Tensor _target;
    private readonly bool _owned;
    private readonly Dictionary<string, (Tensor Input, Tensor Target)> _copies = [];
    private readonly Lock _lock = new();

    /// <param name="input">Inputs, one sample per row of the first dimension.</param>
    /// <param name="target">Targets, as many rows as <paramref name="input"/> (class indices as int64 for classification).</param>
    public TensorBatchSource(Tensor input, Tensor target)
        : this(input, target, owned: false)
    {
    }

    private TensorBatchSource(Tensor input, Tensor target, bool owned)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (input.dim() == 0 || target.dim() == 0) throw new ArgumentException("inputs and targets need a first (sample) dimension");
        if (input.shape[0] != target.shape[0])
            throw new ArgumentException($"{input.shape[0]} inputs but {target.shape[0]} targets; they must pair up along the first dimension");
        if (input.shape[0] > int.MaxValue) throw new ArgumentException($"{input.shape[0]} samples; at most {int.MaxValue} are supported");
        _input = input;
        _target = target;
        _owned = owned;
        Count = (int)input.shape[0];
    }

    /// <summary>A source that owns <paramref name="input"/> and <paramref name="target"/> and frees them when disposed.</summary>
    internal static TensorBatchSource Owned(Tensor input, Tensor target) => new(input, target, owned: true);

    /// <summary>Images and their class labels, copied once into tensors (N, C, H, W) and (N) that this source owns.</summary>
    public static TensorBatchSource FromImages(ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var s = images.Shape;
        return new TensorBatchSource(
            tensor(images.Pixels, [images.Count, s.Channels, s.Height, s.Width]),
            tensor(images.Labels.Select(l => (long)l).ToArray()),
            owned: true);
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <summary>All inputs, on the device they were given on (for checks over the whole set).</summary>
    public Tensor Inputs => _input;

    /// <summary>All targets, on the device they were given on.</summary>
    public Tensor Targets => _target;

    /// <inheritdoc/>
    public TensorBatch Get(Tensor indices, Device device)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(device);
        var (input, target) = On(device);
        var at = indices.device == input.device ? indices : indices.to(input.device);
        return new TensorBatch(input.index_select(0, at), target.index_select(0, at));
    }

    private (Tensor Input, Tensor Target) On(Device device)
    {
        if (_input.device == device && _target.device == device) return (_input, _target);
        lock (_lock)
        {
            string key = device.ToString();
            if (!_copies.TryGetValue(key, out var copy))
            {
                copy = (_input.to(device).DetachFromDisposeScope(), _target.to(device).DetachFromDisposeScope());
                _copies[key] = copy;
            }

            return copy;
        }
    }

    /// <summary>Frees the device copies, and the tensors themselves when this source made them.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (input, target) in _copies.Values)
            {
                input.Dispose();
                target.Dispose();
            }

            _copies.Clear();
        }

        if (_owned)
        {
            _input.Dispose();
            _target.Dispose();
        }
    }
}
