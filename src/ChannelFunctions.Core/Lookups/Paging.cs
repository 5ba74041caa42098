namespace ChannelFunctions.Core.Lookups;

/// <summary>The page sizes of the paged queries.</summary>
public static class Paging
{
    /// <summary>The page size when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 1000;
}
