namespace LRBench.Studies.Tests;

/// <summary>One server for all tests of the collection.</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
}
