namespace ChannelFunctions.Core.Contract;

/// <summary>What a body holds, as far as the relay must know before it publishes it.</summary>
public enum BodyShape
{
    /// <summary>Exactly one well-formed JSON object, nested at most <see cref="CloudEventJson.MaxEventDepth"/> deep.</summary>
    SingleObject,

    /// <summary>One well-formed JSON object, nested deeper than <see cref="CloudEventJson.MaxEventDepth"/>.</summary>
    TooDeep,

    /// <summary>Anything else: not JSON, not an object, or more than one value.</summary>
    Other,
}
