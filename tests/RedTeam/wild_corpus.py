#!/usr/bin/python3
# Copyright (c) DicomAnon contributors. Licensed under the MIT License.
"""Red-team corpus "wild": identifiers where real-world files, PACS exports and hostile writers put them.

Usage: /usr/bin/python3 wild_corpus.py <root>

Writes one folder per case under <root> and <root>/cases.json: for each case its folder, its markers
({label: text}; every value is invented and unique to the case) and what the run must report for it
({"written": n, "failed": n, "skipped": n}). Nothing is printed: markers never reach a log.
Written with pydicom (the CI installs it for /usr/bin/python3), so the files do not come from our own writer.
Complements RedTeamCorpus.ps1 (issue 8's classes); these cases are the ones an independent examiner would add.
"""
import datetime
import json
import os
import struct
import sys
import warnings

from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

warnings.simplefilter('ignore')  # pydicom warns about the invalid values we write on purpose
ROOT = sys.argv[1]
CASES = {}
_index = [0]


def patient(i):
    s = 'abcdefghijklmnopqrstuvwxyz'[i % 26] + 'abcdefghijklmnopqrstuvwxyz'[(i // 26) % 26]
    r = f"1.2.826.0.1.3680043.10.777.{i}"
    return dict(Family=f"Quorvane{s}", Given=f"Melisant{s}", Phys=f"Draxwell{s}", Oper=f"Fennimor{s}",
                Mother=f"Ysolde{s}", Pid=f"QZP{55000 + i}", Other=f"QZO{66000 + i}", Acc=f"QZA{77000 + i}K",
                Inst=f"Brakmoor{s} Clinic", Birth=datetime.date(1941, 3, 7) + datetime.timedelta(days=41 * i),
                Study=datetime.date(2014, 5, 2) + datetime.timedelta(days=17 * i),
                StudyUid=r + '.1', SeriesUid=r + '.1.2', SopUid=r + '.1.2.3', Frame=r + '.9', S=s)


def date_forms(d):
    return [d.strftime(f) for f in ('%Y%m%d', '%Y-%m-%d', '%d.%m.%Y', '%d/%m/%Y', '%m/%d/%Y', '%d-%b-%Y')]


def markers(p):
    m = {'family': p['Family'], 'given': p['Given'], 'physician': p['Phys'], 'operator': p['Oper'],
         'mother': p['Mother'], 'pid': p['Pid'], 'other id': p['Other'], 'accession': p['Acc'],
         'institution': p['Inst'].split()[0], 'study uid': p['StudyUid'], 'series uid': p['SeriesUid'],
         'sop uid': p['SopUid'], 'frame uid': p['Frame']}
    for k, f in enumerate(date_forms(p['Birth'])):
        m[f'birth form {k}'] = f
    for k, f in enumerate(date_forms(p['Study'])):
        m[f'study form {k}'] = f
    return m


def case(name, written=1, failed=0, skipped=0):
    p = patient(_index[0])
    _index[0] += 1
    m = markers(p)
    CASES[name] = dict(markers=m, expect=dict(written=written, failed=failed, skipped=skipped))
    return p, m, os.path.join(ROOT, name)


def item(**kw):
    d = Dataset()
    for k, v in kw.items():
        setattr(d, k, v)
    return d


def code(value, scheme, meaning):
    return item(CodeValue=value, CodingSchemeDesignator=scheme, CodeMeaning=meaning)


def even(b, pad=b' '):
    return b + pad if len(b) % 2 else b


def base(p, sop='1.2.840.10008.5.1.4.1.1.7', charset=None, name=None, pixels=True):
    """A Secondary Capture image of patient p with every common identifying attribute set."""
    ds = Dataset()
    if charset:
        ds.SpecificCharacterSet = charset
    ds.SOPClassUID = sop
    ds.SOPInstanceUID = p['SopUid']
    da = p['Study'].strftime('%Y%m%d')
    ds.StudyDate = da
    ds.SeriesDate = da
    ds.ContentDate = da
    ds.StudyTime = '101500'
    ds.AccessionNumber = p['Acc']
    ds.Modality = 'OT'
    ds.ConversionType = 'WSD'
    ds.InstitutionName = p['Inst']
    ds.ReferringPhysicianName = p['Phys'] + '^Mo'
    ds.OperatorsName = p['Oper'] + '^Al'
    ds.PatientName = name if name is not None else p['Family'] + '^' + p['Given']
    ds.PatientID = p['Pid']
    ds.PatientBirthDate = p['Birth'].strftime('%Y%m%d')
    ds.PatientSex = 'F'
    ds.OtherPatientIDs = p['Other']
    ds.PatientMotherBirthName = p['Mother'] + '^Z'
    ds.StudyInstanceUID = p['StudyUid']
    ds.SeriesInstanceUID = p['SeriesUid']
    ds.StudyID = 'S1'
    ds.SeriesNumber = '1'
    ds.InstanceNumber = '1'
    ds.FrameOfReferenceUID = p['Frame']
    ds.PatientOrientation = 'L\\F'
    if pixels:
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = 'MONOCHROME2'
        ds.Rows = 8
        ds.Columns = 8
        ds.BitsAllocated = 8
        ds.BitsStored = 8
        ds.HighBit = 7
        ds.PixelRepresentation = 0
        ds.PixelData = bytes(range(100, 164))
    return ds


def save(ds, path, ts=ExplicitVRLittleEndian, meta_extra=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fm = FileMetaDataset()
    fm.MediaStorageSOPClassUID = ds.SOPClassUID
    fm.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    fm.TransferSyntaxUID = ts
    fm.ImplementationClassUID = '1.2.826.0.1.3680043.10.777.0'
    if meta_extra:
        meta_extra(fm)
    f = FileDataset(path, ds, file_meta=fm, preamble=b'\0' * 128)
    f.is_little_endian = True
    f.is_implicit_VR = ts == ImplicitVRLittleEndian
    f.save_as(path, write_like_original=False)
    return path


def save_bytes(ds, path, tail=b'', ts=ExplicitVRLittleEndian):
    """Saves ds, then appends raw bytes (elements pydicom would not write, or garbage)."""
    save(ds, path, ts)
    with open(path, 'ab') as f:
        f.write(tail)


def element(g, e, vr, value, undefined=False):
    """One explicit VR little endian element as bytes."""
    if vr in ('OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR'):
        return struct.pack('<HH2sHI', g, e, vr.encode(), 0, 0xFFFFFFFF if undefined else len(value)) + value
    return struct.pack('<HH2sH', g, e, vr.encode(), len(value)) + value


def build():
    # VR UN (explicit) on public attributes, some kept by the profile, holding names and IDs
    p, m, r = case('w01-un-public-text')
    ds = base(p)
    ds.add(DataElement(0x00081090, 'UN', even(f"{p['Family']} scanner".encode())))     # Manufacturer's Model Name
    ds.add(DataElement(0x00180015, 'UN', even(p['Pid'].encode())))                     # Body Part Examined (CS)
    ds.add(DataElement(0x0040A123, 'UN', even((p['Family'] + '^' + p['Given']).encode())))  # Person Name
    ds.add(DataElement(0x00321032, 'UN', even((p['Phys'] + '^X').encode())))           # Requesting Physician
    save(ds, os.path.join(r, 'a.dcm'))

    # implicit VR: private blocks of unknown creators, a private element without a creator
    p, m, r = case('w02-implicit-private-unknown')
    ds = base(p)
    ds.add_new(0x00290010, 'LO', 'ACME UNKNOWN 1')
    ds.add_new(0x00291001, 'LO', p['Family'])
    ds.add_new(0x00291002, 'OB', ('X ' + p['Given']).encode('utf-16-le'))
    ds.add_new(0x00090010, 'LO', 'GEMS_IDEN_01')
    ds.add_new(0x00091001, 'LO', p['Pid'])
    ds.add(DataElement(0x00111001, 'LO', p['Acc']))
    save(ds, os.path.join(r, 'a.dcm'), ts=ImplicitVRLittleEndian)

    # sequences six deep holding a name, an ID, a birth date and an echo in a code meaning
    p, m, r = case('w03-deep-nesting')
    ds = base(p)
    inner = item(PatientName=p['Family'] + '^' + p['Given'], PatientID=p['Pid'], CodeMeaning='for ' + p['Given'],
                 PatientBirthDate=p['Birth'].strftime('%Y%m%d'))
    for d in range(6):
        inner = item(ReferencedImageSequence=Sequence([inner])) if d % 2 == 0 else item(SourceImageSequence=Sequence([inner]))
    ds.ReferencedSeriesSequence = Sequence([inner])
    ds.DerivationCodeSequence = Sequence([code('113072', 'DCM', f"{p['Family']} {p['Pid']}")])
    save(ds, os.path.join(r, 'a.dcm'))

    # ISO 2022 IR 87 (Japanese): the name in JIS, echoed in a description and as UTF-16BE in the ICC profile
    p, m, r = case('w04-iso2022-jp')
    kanji, kanji_given, kana = '\u5c71\u7530', '\u592a\u90ce', '\u3084\u307e\u3060'
    ds = base(p, charset=['', 'ISO 2022 IR 87'], name=f"{p['Family']}^{p['Given']}={kanji}^{kanji_given}={kana}^\u305f\u308d\u3046")
    ds.DerivationDescription = f"{kanji}{kanji_given} \u691c\u67fb"
    ds.add_new(0x00282000, 'OB', b'\0\0\2\0' + (kanji + kanji_given).encode('utf-16-be') + b'\0\0')
    m.update({'kanji family': kanji, 'kanji given': kanji_given, 'kana family': kana})
    save(ds, os.path.join(r, 'a.dcm'))

    # ISO 2022 IR 149 (Korean), echoed as UTF-8 in the ICC profile
    p, m, r = case('w05-iso2022-kr')
    hangul = '\ud64d\uae38\ub3d9'
    ds = base(p, charset=['', 'ISO 2022 IR 149'], name=f"{p['Family']}^{p['Given']}={hangul}")
    ds.DerivationDescription = f"scan {hangul}"
    ds.add_new(0x00282000, 'OB', b'\0\0\2\0' + even(hangul.encode('utf-8'), b'\0'))
    m['hangul name'] = hangul
    save(ds, os.path.join(r, 'a.dcm'))

    # GB18030, echoed as UTF-16LE
    p, m, r = case('w06-gb18030')
    hanzi = '\u738b\u5c0f\u660e'
    ds = base(p, charset='GB18030', name=f"{p['Family']}^{p['Given']}={hanzi}")
    ds.DerivationDescription = f"{hanzi}\u7684\u68c0\u67e5"
    ds.add_new(0x00282000, 'OB', b'\0\0\2\0' + hanzi.encode('utf-16-le') + b'\0\0')
    m['chinese name'] = hanzi
    save(ds, os.path.join(r, 'a.dcm'))

    # backslash multiplicity: second names and IDs echoed in kept text
    p, m, r = case('w07-multiplicity')
    ds = base(p)
    alias, alias2, id2, phys2 = f"Kestrane{p['S']}", f"Nolvarth{p['S']}", f"QZQ{88000 + _index[0]}", f"Wendlebar{p['S']}"
    ds.OtherPatientNames = [f"{alias}^{p['Given']}", f"{alias2}^B"]
    ds.OtherPatientIDs = [p['Other'], id2]
    ds.ReferringPhysicianName = [p['Phys'] + '^Mo', phys2 + '^Y']
    ds.DerivationDescription = f"prior {alias} {id2} {phys2} {alias2}"
    ds.ManufacturerModelName = alias2
    m.update({'alias': alias, 'second alias': alias2, 'second other id': id2, 'second physician': phys2})
    save(ds, os.path.join(r, 'a.dcm'))

    # overlay and curve text fields
    p, m, r = case('w08-overlay-curve-text')
    ds = base(p)
    for tag, vr, v in ((0x60020010, 'US', 8), (0x60020011, 'US', 8), (0x60020040, 'CS', 'G'), (0x60020050, 'SS', [1, 1]),
                       (0x60020100, 'US', 1), (0x60020102, 'US', 0), (0x60020022, 'LO', f"{p['Family']} {p['Pid']}"),
                       (0x60021500, 'LO', p['Given']), (0x60023000, 'OW', b'\0' * 8), (0x50000005, 'US', 1),
                       (0x50000010, 'US', 2), (0x50000020, 'CS', 'TAC'), (0x50000022, 'LO', f"curve {p['Given']}"),
                       (0x50002500, 'LO', p['Acc']), (0x50003000, 'OW', b'\0' * 8)):
        ds.add_new(tag, vr, v)
    save(ds, os.path.join(r, 'a.dcm'))

    # icon image with demographics; encapsulated PDF (burned-in YES and NO) and CDA holding the patient
    p, m, r = case('w09-icon-pdf-cda', written=4)
    ds = base(p)
    icon = item(SamplesPerPixel=1, PhotometricInterpretation='MONOCHROME2', Rows=2, Columns=2, BitsAllocated=8,
                BitsStored=8, HighBit=7, PixelRepresentation=0, PixelData=b'\1\2\3\4', PatientName=p['Family'], ImageComments=p['Pid'])
    ds.IconImageSequence = Sequence([icon])
    save(ds, os.path.join(r, 'img.dcm'))
    for n, burned in enumerate(('YES', 'NO')):
        q = dict(p, SopUid=p['SopUid'] + f'.5{n}')
        doc = base(q, sop='1.2.840.10008.5.1.4.1.1.104.1', pixels=False)
        doc.Modality = 'DOC'
        doc.DocumentTitle = f"Report {p['Family']}"
        doc.MIMETypeOfEncapsulatedDocument = 'application/pdf'
        doc.BurnedInAnnotation = burned
        body = (f"%PDF-1.4\n1 0 obj << /Title ({p['Family']} {p['Given']}) /Author ({p['Phys']}) >> endobj\n"
                f"BT (Patient {p['Family']}, {p['Given']} ID {p['Pid']} DOB {p['Birth'].strftime('%d.%m.%Y')}) Tj ET\n%%EOF\n").encode('latin-1')
        doc.EncapsulatedDocument = even(body, b'\0')
        doc.ConceptNameCodeSequence = Sequence([code('18748-4', 'LN', 'Diagnostic imaging report')])
        m[f'pdf sop uid {n}'] = q['SopUid']
        save(doc, os.path.join(r, f'doc{n}.dcm'))
    q = dict(p, SopUid=p['SopUid'] + '.57')
    cda = base(q, sop='1.2.840.10008.5.1.4.1.1.104.2', pixels=False)
    cda.Modality = 'DOC'
    cda.DocumentTitle = 'CDA'
    cda.MIMETypeOfEncapsulatedDocument = 'text/XML'
    cda.BurnedInAnnotation = 'NO'
    xml = (f"<ClinicalDocument><recordTarget><patientRole><id extension=\"{p['Pid']}\"/><patient><name><given>{p['Given']}"
           f"</given><family>{p['Family']}</family></name><birthTime value=\"{p['Birth'].strftime('%Y%m%d')}\"/></patient>"
           f"</patientRole></recordTarget></ClinicalDocument>").encode('utf-8')
    cda.EncapsulatedDocument = even(xml)
    cda.HL7InstanceIdentifier = p['Pid'] + '^' + p['Acc']
    cda.ConceptNameCodeSequence = Sequence([code('18748-4', 'LN', 'Diagnostic imaging report')])
    m['cda sop uid'] = q['SopUid']
    save(cda, os.path.join(r, 'cda.dcm'))

    # SR content tree: text, person name, date and UID reference items
    p, m, r = case('w10-sr-tree')
    ds = base(p, sop='1.2.840.10008.5.1.4.1.1.88.11', pixels=False)
    ds.Modality = 'SR'
    ds.ValueType = 'CONTAINER'
    ds.ContinuityOfContent = 'SEPARATE'
    ds.ConceptNameCodeSequence = Sequence([code('11528-7', 'LN', 'Radiology Report')])
    ds.CompletionFlag = 'COMPLETE'
    ds.VerificationFlag = 'UNVERIFIED'
    text = item(RelationshipType='CONTAINS', ValueType='TEXT', ConceptNameCodeSequence=Sequence([code('121071', 'DCM', 'Finding')]),
                TextValue=f"{p['Given']} {p['Family']} ({p['Pid']}), born {p['Birth'].strftime('%d.%m.%Y')}, acc {p['Acc']}")
    person = item(RelationshipType='HAS OBS CONTEXT', ValueType='PNAME', PersonName=p['Phys'] + '^Q',
                  ConceptNameCodeSequence=Sequence([code('121008', 'DCM', 'Person Observer Name')]))
    date = item(RelationshipType='CONTAINS', ValueType='DATE', Date=p['Study'].strftime('%Y%m%d'),
                ConceptNameCodeSequence=Sequence([code('111060', 'DCM', 'Study Date')]))
    uid = item(RelationshipType='CONTAINS', ValueType='UIDREF', UID=p['StudyUid'],
               ConceptNameCodeSequence=Sequence([code('110180', 'DCM', 'Study Instance UID')]))
    container = item(RelationshipType='CONTAINS', ValueType='CONTAINER', ContinuityOfContent='SEPARATE',
                     ConceptNameCodeSequence=Sequence([code('121070', 'DCM', 'Findings')]), ContentSequence=Sequence([text, date, uid]))
    ds.ContentSequence = Sequence([person, container])
    ds.ContentTemplateSequence = Sequence([item(MappingResource='DCMR', TemplateIdentifier='2000')])
    save(ds, os.path.join(r, 'sr.dcm'))

    # RT structure set: ROI names and labels are the patient's name
    p, m, r = case('w11-rtstruct')
    ds = base(p, sop='1.2.840.10008.5.1.4.1.1.481.3', pixels=False)
    ds.Modality = 'RTSTRUCT'
    ds.StructureSetLabel = p['Family']
    ds.StructureSetName = p['Given']
    ds.StructureSetDate = p['Study'].strftime('%Y%m%d')
    ds.StructureSetTime = '101010'
    ds.ReferencedFrameOfReferenceSequence = Sequence([item(FrameOfReferenceUID=p['Frame'])])
    ds.StructureSetROISequence = Sequence([item(ROINumber=1, ReferencedFrameOfReferenceUID=p['Frame'], ROIName=f"{p['Family']} {p['Given']}",
                                                ROIGenerationAlgorithm='MANUAL', ROIDescription=p['Pid'])])
    ds.RTROIObservationsSequence = Sequence([item(ObservationNumber=1, ReferencedROINumber=1, ROIObservationLabel=p['Given'],
                                                  RTROIInterpretedType='ORGAN', ROIInterpreter='')])
    ds.ROIContourSequence = Sequence([item(ReferencedROINumber=1, ROIDisplayColor=[255, 0, 0])])
    save(ds, os.path.join(r, 'rs.dcm'))

    # Request Attributes, Other Patient IDs and Referenced Patient sequences, issuer qualifiers
    p, m, r = case('w12-request-otherids-refpatient')
    ds = base(p)
    ds.RequestAttributesSequence = Sequence([item(RequestedProcedureID=p['Acc'] + 'R', ScheduledProcedureStepID=p['Pid'] + 'S',
                                                  AccessionNumber=p['Acc'], RequestedProcedureDescription=f"CT {p['Family']}",
                                                  ScheduledProcedureStepDescription=p['Given'], StudyInstanceUID=p['StudyUid'])])
    ds.OtherPatientIDsSequence = Sequence([item(PatientID=p['Other'], IssuerOfPatientID=p['Inst'], TypeOfPatientID='TEXT')])
    ds.ReferencedPatientSequence = Sequence([item(ReferencedSOPClassUID='1.2.840.10008.3.1.2.1.1', ReferencedSOPInstanceUID=p['SopUid'] + '.44')])
    ds.IssuerOfPatientIDQualifiersSequence = Sequence([item(UniversalEntityID=p['Inst'], UniversalEntityIDType='DNS')])
    m['referenced patient uid'] = p['SopUid'] + '.44'
    save(ds, os.path.join(r, 'a.dcm'))

    # digital signatures, MAC parameters, original attributes
    p, m, r = case('w13-signatures-mac-original')
    ds = base(p)
    sig = item(MACIDNumber=1, DigitalSignatureUID=p['SopUid'] + '.66', DigitalSignatureDateTime=p['Study'].strftime('%Y%m%d') + '101010',
               CertificateType='X509_1993_SIG', CertificateOfSigner=even(f"CN={p['Phys']} O={p['Inst']}".encode()), Signature=b'\1\2\3\4')
    ds.add(DataElement(0xFFFAFFFA, 'SQ', Sequence([sig])))
    ds.add(DataElement(0x4FFE0001, 'SQ', Sequence([item(MACIDNumber=1, MACCalculationTransferSyntaxUID='1.2.840.10008.1.2.1',
                                                         MACAlgorithm='SHA256', DataElementsSigned=[0x00100010])])))
    ds.OriginalAttributesSequence = Sequence([item(AttributeModificationDateTime=p['Study'].strftime('%Y%m%d'), ModifyingSystem=p['Inst'],
                                                   SourceOfPreviousValues=p['Family'], ReasonForTheAttributeModification='CORRECT',
                                                   ModifiedAttributesSequence=Sequence([item(PatientName=p['Family'] + '^' + p['Given'], PatientID=p['Pid'])]))])
    m['signature uid'] = p['SopUid'] + '.66'
    save(ds, os.path.join(r, 'a.dcm'))

    # file meta: AE titles, private information, implementation version name
    p, m, r = case('w14-file-meta')

    def meta(fm):
        fm.SourceApplicationEntityTitle = p['Family'][:16].upper()
        fm.add_new(0x00020017, 'AE', p['Pid'])
        fm.add_new(0x00020018, 'AE', p['Acc'])
        fm.PrivateInformationCreatorUID = p['SeriesUid'] + '.8'
        fm.PrivateInformation = f"{p['Given']} {p['Family']} {p['Pid']}".encode('utf-16-le')
        fm.ImplementationVersionName = p['Pid'][:16]
    m['meta private uid'] = p['SeriesUid'] + '.8'
    save(base(p), os.path.join(r, 'a.dcm'), meta_extra=meta)

    # folder and file names: German transliteration (ue for u-umlaut), case, separators, prefixed and split IDs
    p, m, r = case('w15-transliterated-path', written=2)
    family, given = f"M\u00fcllerova{p['S']}", f"J\u00fcrgen{p['S']}"
    m.update({'accented family': family, 'accented given': given,
              'transliterated family': f"Muellerova{p['S']}", 'transliterated given': f"Juergen{p['S']}"})
    del m['family'], m['given']
    name = f"{family}^{given}"
    folder = os.path.join(r, f"MUELLEROVA{p['S'].upper()}, JUERGEN{p['S'].upper()}", f"acc_{p['Acc'].lower()}", f"{p['Pid'][:3]}-{p['Pid'][3:]}")
    save(base(p, charset='ISO_IR 100', name=name), os.path.join(folder, f"juergen{p['S']}.MUELLEROVA{p['S'].upper()}.dcm"))
    second = base(p, charset='ISO_IR 100', name=name)
    second.SOPInstanceUID = p['SopUid'] + '.2'
    m['second sop uid'] = second.SOPInstanceUID
    save(second, os.path.join(r, f"{p['Study'].strftime('%Y%m%d')}_{p['Birth'].strftime('%d%m%Y')}", f"Muellerova{p['S']}Juergen{p['S']}_{p['Pid']}.dcm"))

    # mislabelled character sets: UTF-8 bytes under ISO_IR 100, Latin-1 bytes without a character set
    p, m, r = case('w16-mislabelled-charset', written=2)
    family, given = f"Szab\u00f3n\u00e9{p['S']}", f"\u00c9va{p['S']}"
    ds = base(p, charset='ISO_IR 100')
    ds.add(DataElement(0x00100010, 'PN', even(f"{family}^{given}".encode('utf-8'))))
    ds.add_new(0x00282000, 'OB', b'\0\0\2\0' + f"{given} {family}".encode('utf-16-le'))
    save(ds, os.path.join(r, f"{family}_{given}", 'a.dcm'))
    family2, given2 = f"M\u00fcller{p['S']}", f"J\u00f6rg{p['S']}"
    ds = base(p)
    ds.SOPInstanceUID = p['SopUid'] + '.2'
    ds.add(DataElement(0x00100010, 'PN', even(f"{family2}^{given2}".encode('latin-1'))))
    save(ds, os.path.join(r, f"{family2} {given2}", 'b.dcm'))
    m.update({'accented family': family, 'accented given': given, 'latin-1 family': family2, 'latin-1 given': given2,
              'second sop uid': p['SopUid'] + '.2'})
    del m['family'], m['given']

    # wrong explicit VRs on known dates, UIDs and the name
    p, m, r = case('w17-wrong-vr-dates-uids')
    ds = base(p)
    da, bd = p['Study'].strftime('%Y%m%d'), p['Birth'].strftime('%Y%m%d')
    del ds.StudyDate, ds.PatientBirthDate, ds.StudyInstanceUID, ds.PatientName
    ds.add(DataElement(0x00080020, 'LO', da))
    ds.add(DataElement(0x00100030, 'UN', bd.encode()))
    ds.add(DataElement(0x00080022, 'SH', da))
    ds.add(DataElement(0x00080023, 'UN', da.encode()))
    ds.add(DataElement(0x0020000D, 'UN', even(p['StudyUid'].encode(), b'\0')))
    ds.add(DataElement(0x00181012, 'LO', da))
    ds.add(DataElement(0x0008002A, 'LT', da + '101010'))
    ds.add(DataElement(0x00100010, 'OB', even((p['Family'] + '^' + p['Given']).encode())))
    ref = item(ReferencedSOPClassUID='1.2.840.10008.5.1.4.1.1.7')
    ref.add(DataElement(0x00081155, 'UN', even((p['SopUid'] + '.9').encode(), b'\0')))
    ds.ReferencedImageSequence = Sequence([ref])
    m['referenced sop uid'] = p['SopUid'] + '.9'
    save(ds, os.path.join(r, 'a.dcm'))

    # directory-record elements (group 0004) inside an image
    p, m, r = case('w18-group-0004-in-image')
    ds = base(p)
    ds.add_new(0x00041500, 'CS', ['PATIENT', p['Pid']])
    ds.add_new(0x00041130, 'CS', p['Family'][:16].upper())
    ds.add_new(0x00041511, 'UI', p['SopUid'])
    save(ds, os.path.join(r, 'a.dcm'))

    # a CD layout: DICOMDIR (skipped, with a warning) next to the images it lists
    p, m, r = case('w19-dicomdir-input', written=2, skipped=1)
    from pydicom.fileset import FileSet
    image = save(base(p), os.path.join(r, 'DICOM', 'IM000001'))
    fs = FileSet()
    fs.add(image)
    fs.write(os.path.join(r, 'cd'))

    # bytes after the dataset: trailing padding holding the name; an element after the pixel data
    p, m, r = case('w20-trailing-bytes', written=2)
    save_bytes(base(p), os.path.join(r, 'padding.dcm'), element(0xFFFC, 0xFFFC, 'OB', (p['Family'] + ' ' + p['Pid'] + ' ').encode()[:20].ljust(20)))
    q = dict(p, SopUid=p['SopUid'] + '.3')
    m['second sop uid'] = q['SopUid']
    save_bytes(base(q), os.path.join(r, 'after-pixels.dcm'), element(0x0010, 0x0010, 'PN', (p['Given'] + '^' + p['Family']).encode().ljust(22)))

    # hostile files that cannot be parsed: reported, never copied
    p, m, r = case('w21-unparseable', written=0, failed=3)
    save_bytes(base(p), os.path.join(r, 'garbage-tail.dcm'), f" PAT={p['Family']}^{p['Given']} ID={p['Pid']} ".encode())
    save_bytes(base(p, pixels=False), os.path.join(r, 'undefined-text.dcm'),
               element(0x0020, 0x4000, 'UT', f"{p['Family']} {p['Pid']}".encode(), undefined=True) + b'\xfe\xff\xdd\xe0\0\0\0\0')
    save_bytes(base(p, pixels=False), os.path.join(r, 'open-sequence.dcm'),
               element(0x0040, 0x0275, 'SQ', b'', undefined=True) + b'\xfe\xff\x00\xe0\xff\xff\xff\xff'
               + element(0x0010, 0x0010, 'PN', (p['Family'] + '^' + p['Given']).encode().ljust(20)) + element(0x0010, 0x0020, 'LO', p['Pid'].encode()))

    # not DICOM at all, under DICOM-looking names: skipped, never copied
    p, m, r = case('w22-not-dicom', written=0, skipped=2)
    os.makedirs(r, exist_ok=True)
    with open(os.path.join(r, 'report.dcm'), 'wb') as f:
        f.write(f"Patient: {p['Family']}, {p['Given']}\nID: {p['Pid']}\n".encode())
    with open(os.path.join(r, 'IM000002'), 'wb') as f:
        f.write(b'\xff\xd8\xff\xe0' + p['Family'].encode() + b'\0' * 100)

    # Retain Safe Private edge cases: another creator's block in a safe group, a safe SQ whose item has no
    # creator of its own, a safe creator in a group the table does not list
    p, m, r = case('w23-safe-private-edges')
    ds = base(p)
    ds.add_new(0x20010010, 'LO', 'Philips Imaging DD 001')
    ds.add_new(0x20010011, 'LO', 'EVIL CORP')
    ds.add_new(0x20011101, 'LO', p['Family'])
    ds.add_new(0x20011102, 'IS', p['Pid'][3:])
    nested = Dataset()
    nested.add_new(0x20011001, 'FL', 1.0)
    nested.add_new(0x20011002, 'LO', p['Given'])
    nested.add_new(0x20011004, 'CS', 'X')
    nested.PatientName = p['Family']
    ds.add_new(0x2001105F, 'SQ', Sequence([nested]))
    ds.add_new(0x00190010, 'LO', 'Philips Imaging DD 001')
    ds.add_new(0x00191001, 'LO', p['Given'])
    save(ds, os.path.join(r, 'a.dcm'))

    # one patient, two studies a year apart, the second with a padded Patient ID and an upper-case name
    p, m, r = case('w24-two-studies', written=2)
    save(base(p), os.path.join(r, 'first', 'a.dcm'))
    q = dict(p, Study=p['Study'] + datetime.timedelta(days=400), StudyUid=p['StudyUid'] + '.77', SeriesUid=p['SeriesUid'] + '.77', SopUid=p['SopUid'] + '.77')
    later = base(q, name=p['Family'].upper() + '^' + p['Given'].upper())
    later.PatientID = p['Pid'] + ' '
    save(later, os.path.join(r, 'second', 'b.dcm'))
    m.update({'second study uid': q['StudyUid'], 'second series uid': q['SeriesUid'], 'second sop uid': q['SopUid']})
    for k, f in enumerate(date_forms(q['Study'])):
        m[f'second study form {k}'] = f

    # identifiers glued to other letters and digits in file and folder names and in kept text; two-digit-year birth
    # dates in kept text
    # (and a five-character ID as the file's extension)
    p, m, r = case('w25-glued-names-short-years', written=4)
    stamp = p['Study'].strftime('%Y%m%d') + '1015'
    short_id = f"QZ{900 + _index[0]}"
    for n, rel in enumerate((os.path.join(f"Dr{p['Family']}", 'a.dcm'), os.path.join(f"MRN{p['Pid']}", 'b.dcm'),
                             os.path.join('ct', f"CT_{stamp}.dcm"), os.path.join('ext', f"IMG0001.{short_id}"))):
        ds = base(dict(p, SopUid=p['SopUid'] + f'.{n + 1}'))
        ds.OtherPatientIDs = short_id
        ds.WindowCenter = '40'
        ds.WindowWidth = '400'
        ds.WindowCenterWidthExplanation = f"DOB {p['Birth'].strftime('%d.%m.%y')} / {p['Birth'].strftime('%d-%b-%y').upper()} MRN{p['Pid']}"
        m[f'sop uid {n + 1}'] = p['SopUid'] + f'.{n + 1}'
        save(ds, os.path.join(r, rel))
    m.update({'birth dd.mm.yy': p['Birth'].strftime('%d.%m.%y'), 'birth dd-mon-yy': p['Birth'].strftime('%d-%b-%y'), 'study stamp': stamp,
              'five-character id': short_id})


build()
with open(os.path.join(ROOT, 'cases.json'), 'w', encoding='utf-8') as out:
    json.dump(CASES, out, indent=1, ensure_ascii=False)
