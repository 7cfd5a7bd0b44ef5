// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Diagnostics.CodeAnalysis;

// AnalysisMode Recommended (issue 12). Each entry says why the finding stays.

// The id is read from the caught exception object (ErrorRecord ids, $_.Exception.ErrorId); a static member cannot be.
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "member", Target = "~P:DicomAnon.Core.IO.DeflatedDataTruncatedException.ErrorId", Justification = "Read from the exception instance by callers that catch it.")]
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "member", Target = "~P:DicomAnon.Core.IO.DicomLimitExceededException.ErrorId", Justification = "Read from the exception instance by callers that catch it.")]

// Both wrappers must leave the stream they wrap open (it belongs to the caller); Stream.Dispose(bool) itself does nothing.
[assembly: SuppressMessage("Usage", "CA2215:Dispose methods should call base class dispose", Scope = "member", Target = "~M:DicomAnon.Core.IO.DicomWriter.SwappingStream.Dispose(System.Boolean)", Justification = "Deliberately does not close the inner stream; the base implementation is empty. Merge note: IO/ was reserved for another change, so the call was not added here.")]
[assembly: SuppressMessage("Usage", "CA2215:Dispose methods should call base class dispose", Scope = "member", Target = "~M:DicomAnon.Core.IO.EndWatchingStream.Dispose(System.Boolean)", Justification = "Deliberately does not close the inner stream; the base implementation is empty. Merge note: IO/ was reserved for another change, so the call was not added here.")]

// Deferred: Batch/ was reserved for another change while AnalysisMode was switched on.
[assembly: SuppressMessage("Performance", "CA1822:Mark members as static", Scope = "member", Target = "~M:DicomAnon.Core.Batch.RuleSet.AddTags(System.Collections.Generic.List{DicomAnon.Core.DicomTag},System.Object,System.String)", Justification = "Called as _rules.AddTags(...) by the cmdlet; making it static is an API edit deferred to after the Batch/ merge.")]
[assembly: SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Scope = "type", Target = "~T:DicomAnon.Core.Batch.SecretKey", Justification = "One key lives for the whole command and is shared by worker threads; its per-thread HMACs are released by their finalizers. Making it IDisposable means disposing it in the cmdlets, deferred to after the Batch/ and cmdlet merge.")]

// The trailing optional parameter is the same (privateCreator) in both overloads, so no call is ambiguous; scripts
// call these constructors positionally with and without it.
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Scope = "member", Target = "~M:DicomAnon.Core.DicomSequence.#ctor(DicomAnon.Core.DicomTag,System.String)", Justification = "Same trailing optional parameter in both overloads; no ambiguous call.")]
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Scope = "member", Target = "~M:DicomAnon.Core.DicomSequence.#ctor(DicomAnon.Core.DicomTag,System.Collections.Generic.IEnumerable{DicomAnon.Core.DicomDataset},System.String)", Justification = "Same trailing optional parameter in both overloads; no ambiguous call.")]
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Scope = "member", Target = "~M:DicomAnon.Core.DicomValueElement.#ctor(DicomAnon.Core.DicomTag,DicomAnon.Core.DicomVR,DicomAnon.Core.DicomBuffer,System.String)", Justification = "Same trailing optional parameter in both overloads; no ambiguous call.")]
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Scope = "member", Target = "~M:DicomAnon.Core.DicomValueElement.#ctor(DicomAnon.Core.DicomTag,DicomAnon.Core.DicomVR,System.Byte[],System.String)", Justification = "Same trailing optional parameter in both overloads; no ambiguous call.")]
