// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Diagnostics.CodeAnalysis;

// AnalysisMode Recommended (issue 12). Each entry says why the finding stays.

// The id is read from the caught exception object (ErrorRecord ids, $_.Exception.ErrorId); a static member cannot be.
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "member", Target = "~P:DicomAnon.Core.IO.DeflatedDataTruncatedException.ErrorId", Justification = "Read from the exception instance by callers that catch it.")]
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "member", Target = "~P:DicomAnon.Core.IO.DicomLimitExceededException.ErrorId", Justification = "Read from the exception instance by callers that catch it.")]

// Both wrappers must leave the stream they wrap open (it belongs to the caller); Stream.Dispose(bool) itself does nothing.

// Deferred: Batch/ was reserved for another change while AnalysisMode was switched on.
[assembly: SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Scope = "type", Target = "~T:DicomAnon.Core.Batch.SecretKey", Justification = "One key lives for the whole command and is shared by worker threads; its per-thread HMACs are released by their finalizers. A using-scope would not fit its lifetime.")]

// The trailing optional parameter is the same (privateCreator) in both overloads, so no call is ambiguous; scripts
// call these constructors positionally with and without it.
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Scope = "member", Target = "~M:DicomAnon.Core.DicomSequence.#ctor(DicomAnon.Core.DicomTag,System.String)", Justification = "Same trailing optional parameter in both overloads; no ambiguous call.")]
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Scope = "member", Target = "~M:DicomAnon.Core.DicomSequence.#ctor(DicomAnon.Core.DicomTag,System.Collections.Generic.IEnumerable{DicomAnon.Core.DicomDataset},System.String)", Justification = "Same trailing optional parameter in both overloads; no ambiguous call.")]
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Scope = "member", Target = "~M:DicomAnon.Core.DicomValueElement.#ctor(DicomAnon.Core.DicomTag,DicomAnon.Core.DicomVR,DicomAnon.Core.DicomBuffer,System.String)", Justification = "Same trailing optional parameter in both overloads; no ambiguous call.")]
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Scope = "member", Target = "~M:DicomAnon.Core.DicomValueElement.#ctor(DicomAnon.Core.DicomTag,DicomAnon.Core.DicomVR,System.Byte[],System.String)", Justification = "Same trailing optional parameter in both overloads; no ambiguous call.")]
