using LRBench.Training.Data;
using static TorchSharp.torch;

namespace LRBench.Training.Tasks;

/// <summary>
/// An <see cref="ImageSet"/> as a batch source whose tensors are made on first use and freed by <see cref="Dispose"/>
/// (and made again if asked for later): a trainer built only to check a study's trials copies no images.
/// </summary>
internal sealed class LazyImageSource(ImageSet images) : IBatchSource, IDisposable
{
    private readonly Lock _lock = new();
    private TensorBatchSource? _tensors;

    public int Count => images.Count;

    /// <summary>The images as tensors, made now if they were not yet.</summary>
    public TensorBatchSource Tensors
    {
        get
        {
            lock (_lock) return _tensors ??= TensorBatchSource.FromImages(images);
        }
    }

    public TensorBatch Get(Tensor indices, Device device) => Tensors.Get(indices, device);

    public void Dispose()
    {
        lock (_lock)
        {
            _tensors?.Dispose();
            _tensors = null;
        }
    }
}
