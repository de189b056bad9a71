using System.Globalization;
using System.Reflection;
using TorchSharp;

// Reads TorchSharp's IL: a method "leaks" when it makes a Scalar (an implicit conversion or a To...Scalar call) and
// never calls Scalar.Dispose, or when it calls a method that leaks (followed through TorchSharp's own static and
// non-virtual calls). Prints one BannedSymbols.txt documentation ID per public leaking method.
const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
var assembly = typeof(torch).Assembly;
var callees = new Dictionary<MethodBase, List<MethodBase>>();
var leaking = new HashSet<MethodBase>();
foreach (var type in assembly.GetTypes())
{
    foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
    {
        var called = Calls(method);
        callees[method] = called;
        bool makes = called.Any(c => c is MethodInfo { ReturnType: var r } && r == typeof(Scalar) && (c.Name == "op_Implicit" || c.Name.StartsWith("To", StringComparison.Ordinal)));
        bool disposes = called.Any(c => c.DeclaringType == typeof(Scalar) && c.Name == "Dispose");
        if (makes && !disposes) leaking.Add(method);
    }
}

for (bool grew = true; grew;)
{
    grew = false;
    foreach (var (method, called) in callees)
    {
        if (!leaking.Contains(method) && called.Any(leaking.Contains)) grew = leaking.Add(method) || grew;
    }
}

foreach (string id in leaking.Where(IsPublicApi).Select(DocumentationId).Order(StringComparer.Ordinal)) Console.WriteLine(id);

static List<MethodBase> Calls(MethodBase method)
{
    var found = new List<MethodBase>();
    byte[]? il;
    try
    {
        il = method.GetMethodBody()?.GetILAsByteArray();
    }
    catch (Exception e) when (e is BadImageFormatException or InvalidOperationException)
    {
        return found;
    }

    if (il is null) return found;
    var typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
    var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
    // A byte scan rather than a decoder: any call/callvirt/newobj opcode followed by a method token. A stray match
    // that is not a real call can only add a method to the list, never drop one.
    for (int i = 0; i + 4 < il.Length; i++)
    {
        if (il[i] is not (0x28 or 0x6F or 0x73)) continue;
        int token = BitConverter.ToInt32(il, i + 1);
        if ((token >>> 24) is not (0x06 or 0x0A or 0x2B)) continue;
        try
        {
            if (method.Module.ResolveMethod(token, typeArgs, methodArgs) is { } callee) found.Add(callee.IsGenericMethod && callee is MethodInfo g ? g.GetGenericMethodDefinition() : callee);
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException)
        {
            // not a method token after all
        }
    }

    return found;
}

static bool IsPublicApi(MethodBase m) =>
    m.IsPublic && m.DeclaringType is { IsGenericType: false } d && (d.IsPublic || d.IsNestedPublic) && (!d.IsNested || IsVisible(d));

static bool IsVisible(Type t) => t.DeclaringType is null ? t.IsPublic : t.IsNestedPublic && IsVisible(t.DeclaringType);

static string DocumentationId(MethodBase m)
{
    string type = m.DeclaringType!.FullName!.Replace('+', '.');
    string name = m is ConstructorInfo ? "#ctor" : m.Name + (m.IsGenericMethod ? "``" + m.GetGenericArguments().Length.ToString(CultureInfo.InvariantCulture) : "");
    var parameters = m.GetParameters();
    string args = parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => TypeId(p.ParameterType))) + ")";
    string conversion = m.Name is "op_Implicit" or "op_Explicit" ? "~" + TypeId(((MethodInfo)m).ReturnType) : "";
    return $"M:{type}.{name}{args}{conversion}";
}

static string TypeId(Type t)
{
    if (t.IsByRef) return TypeId(t.GetElementType()!) + "@";
    if (t.IsArray) return TypeId(t.GetElementType()!) + "[]";
    if (t.IsGenericParameter) return (t.DeclaringMethod is null ? "`" : "``") + t.GenericParameterPosition.ToString(CultureInfo.InvariantCulture);
    if (!t.IsGenericType) return (t.FullName ?? t.Name).Replace('+', '.');
    string name = (t.GetGenericTypeDefinition().FullName ?? t.Name).Replace('+', '.');
    return name[..name.IndexOf('`', StringComparison.Ordinal)] + "{" + string.Join(",", t.GetGenericArguments().Select(TypeId)) + "}";
}
