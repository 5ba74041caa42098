namespace ChannelFunctions.Infrastructure.Tests;

/// <summary>The two templates azd and the postdeploy hook deploy, compiled.</summary>
internal static class Compiled
{
    public static ArmTemplate Main => BicepCli.All.Template("main.bicep");

    public static ArmTemplate EventSubscription => BicepCli.All.Template("subscription.bicep");
}
