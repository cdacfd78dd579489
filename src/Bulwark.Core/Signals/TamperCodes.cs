namespace Bulwark.Core.Signals;

// PLACEHOLDER until the collector branch lands (not committed).
public static class TamperCodes
{
    public const string ContentWindow = "cw";
    public const string PermissionsQuery = "pq";
    public const string WebGlGetParameter = "gp";
    public const string FunctionToString = "ts";
    public const string CanvasToDataUrl = "td";
    public const string CanvasGetImageData = "gi";

    public static bool IsSpooferPattern(string code) => code is ContentWindow or PermissionsQuery or WebGlGetParameter or FunctionToString;
}
