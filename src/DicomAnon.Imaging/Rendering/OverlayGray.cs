// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Imaging.Rendering;

/// <summary>
/// The grey level colour frames are searched for burned-in text in (<see cref="RgbToGray.LumaOrGreen"/>): luma,
/// raised to the green channel where green is brighter. Overlay text is drawn in colours that stand out from grey
/// speckle and from red/blue Doppler, and all of them (white, yellow, green, cyan) are bright in green; as luma,
/// green text (60, 255, 90) is only 178, inside the speckle's range. Grey pixels, red and blue (Doppler), dark text
/// and light panels keep their luma.
/// </summary>
internal static class OverlayGray
{
    /// <summary>BT.601 luma, rounded.</summary>
    public static byte Luma(int r, int g, int b) => (byte)(((299 * r) + (587 * g) + (114 * b) + 500) / 1000);

    public static byte Of(int r, int g, int b)
    {
        byte luma = Luma(r, g, b);
        return g > luma ? (byte)g : luma;
    }
}
