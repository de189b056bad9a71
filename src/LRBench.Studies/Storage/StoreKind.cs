namespace LRBench.Studies.Storage;

public enum StoreKind
{
    Sqlite,
    Postgres,
}
