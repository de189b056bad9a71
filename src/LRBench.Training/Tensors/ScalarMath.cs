using TorchSharp;
using static TorchSharp.torch;

namespace LRBench.Training.Tensors;

/// <summary>
/// Tensor arithmetic with a plain number, made safe to run while other threads allocate. TorchSharp 0.107 wraps such a
/// number in a native <see cref="Scalar"/> that only its finalizer frees, and nothing keeps it alive during the native
/// call it was made for: a garbage collection triggered by another thread can free it mid-call, giving a wrong result
/// or a c10 error ("Expected false to be true"). It happened in studies that train several trials in one process.
/// Here every Scalar is created with <c>using</c>, so it lives until the call has returned, and the tensors passed in
/// are kept alive the same way (they may be temporaries outside any dispose scope). The implicit conversions
/// and the number operators of <see cref="Tensor"/> are banned in this solution (BannedSymbols.txt); use these.
/// </summary>
public static class ScalarMath
{
    /// <summary>tensor * factor, as a new tensor.</summary>
    public static Tensor Times(this Tensor tensor, double factor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var s = factor.ToScalar();
        var result = tensor.mul(s);
        GC.KeepAlive(tensor);
        return result;
    }

    /// <summary>tensor / divisor, as a new tensor.</summary>
    public static Tensor DividedBy(this Tensor tensor, double divisor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var s = divisor.ToScalar();
        var result = tensor.div(s);
        GC.KeepAlive(tensor);
        return result;
    }

    /// <summary>tensor + value, as a new tensor.</summary>
    public static Tensor Plus(this Tensor tensor, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var s = value.ToScalar();
        using var one = 1.ToScalar();
        var result = tensor.add(s, one);
        GC.KeepAlive(tensor);
        return result;
    }

    /// <summary>max(tensor, min) elementwise, as a new tensor.</summary>
    public static Tensor AtLeast(this Tensor tensor, double min)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var s = min.ToScalar();
        var result = tensor.clamp_min(s);
        GC.KeepAlive(tensor);
        return result;
    }

    /// <summary>The value of a one-element tensor as a double (TorchSharp's ToDouble leaves its Scalar to the finalizer).</summary>
    public static double ToNumber(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var s = tensor.ToScalar();
        double value = s.ToDouble();
        GC.KeepAlive(tensor);
        return value;
    }

    /// <summary>tensor + alpha * other, as a new tensor.</summary>
    public static Tensor PlusScaled(this Tensor tensor, Tensor other, double alpha)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var s = alpha.ToScalar();
        var result = tensor.add(other, s);
        GC.KeepAlive(tensor);
        GC.KeepAlive(other);
        return result;
    }

    /// <summary>tensor *= factor, in place.</summary>
    public static Tensor Scale_(this Tensor tensor, double factor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var s = factor.ToScalar();
        var result = tensor.mul_(s);
        GC.KeepAlive(tensor);
        return result;
    }

    /// <summary>tensor += alpha * other, in place.</summary>
    public static Tensor AddScaled_(this Tensor tensor, Tensor other, double alpha)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var s = alpha.ToScalar();
        var result = tensor.add_(other, s);
        GC.KeepAlive(tensor);
        GC.KeepAlive(other);
        return result;
    }

    /// <summary>tensor += value * a * b, in place (addcmul_).</summary>
    public static Tensor AddProduct_(this Tensor tensor, Tensor a, Tensor b, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var s = value.ToScalar();
        var result = tensor.addcmul_(a, b, s);
        GC.KeepAlive(tensor);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return result;
    }

    /// <summary>tensor += value * a / b, in place (addcdiv_).</summary>
    public static Tensor AddQuotient_(this Tensor tensor, Tensor a, Tensor b, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var s = value.ToScalar();
        var result = tensor.addcdiv_(a, b, s);
        GC.KeepAlive(tensor);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return result;
    }

    /// <summary>tensor += weight * (end - tensor), in place (lerp_; TorchSharp takes the weight only as a tensor).</summary>
    public static Tensor Lerp_(this Tensor tensor, Tensor end, double weight)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var w = torch.tensor(weight, tensor.dtype, tensor.device);
        var result = tensor.lerp_(end, w);
        GC.KeepAlive(tensor);
        GC.KeepAlive(end);
        return result;
    }
}
