// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Deidentification;

/// <summary>A coded De-identification Method (PS3.16 CID 7050), as written in (0012,0064).</summary>
internal sealed class DeidentificationCode
{
    internal DeidentificationCode(string codeValue, string codeMeaning)
    {
        CodeValue = codeValue;
        CodeMeaning = codeMeaning;
    }

    /// <summary>Code Value (0008,0100), e.g. "113100".</summary>
    public string CodeValue { get; }

    /// <summary>Always "DCM".</summary>
    public static string CodingSchemeDesignator => "DCM";

    /// <summary>Code Meaning (0008,0104), e.g. "Basic Application Confidentiality Profile".</summary>
    public string CodeMeaning { get; }

    public override string ToString() => $"({CodeValue}, DCM, \"{CodeMeaning}\")";
}
