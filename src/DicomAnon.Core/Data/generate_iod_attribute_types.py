#!/usr/bin/python3
"""Generates iod_attribute_types.tsv and iod_sop_classes.tsv: the Type of each PS3.15 Table E.1-1 attribute in
each composite IOD, and the IOD of each SOP Class.

Input: the module and IOD templates of dicom3tools (what dciodvfy checks against; BSD licence, see
dicom3tools-COPYRIGHT.txt beside this script), the embedded E.1-1 table and the PS3.6 dictionary (keywords to tags).

iod_sop_classes.tsv: sop_class_uid, iod (a SOP Class named by the conditions of several IODs is listed for each,
in template order; the engine takes the first).
iod_attribute_types.tsv: iod, tag, keyword, type, nested_type, for the attributes of E.1-1, the free-text ones
(LT, ST, UT, UC, UR) that the engine removes and the dates (DA, DT, TM) it may empty when E.1-1 does not list them; only attributes that are Type 1, 1C, 2 or 2C somewhere
in the IOD (an attribute not listed is Type 3 or absent, which the profile treats alike).
  type         the strongest Type (1 > 1C > 2 > 2C > 3) of the attribute at the top level of the IOD's modules;
               empty when no module of the IOD lists it at the top level.
  nested_type  the strongest Type of the attribute inside any sequence item of the IOD; empty when none.

Usage: /usr/bin/python3 generate_iod_attribute_types.py <dicom3tools libsrc/standard folder> [output folder]
"""

import os
import re
import sys

ATTR = re.compile(r'(\w+)="?([^"\s]*)\s*"')  # tolerates the templates' few typos (Name=X", "X ")
RANK = {"1": 5, "1C": 4, "2": 3, "2C": 2, "3": 1, "3C": 1}


def attrs(line):
    return dict(ATTR.findall(line))


def read_templates(folder):
    """Modules and macros: name -> list of (kind, value, type, depth-relative body lines)."""
    blocks = {}
    for fn in sorted(os.listdir(folder)):
        if not fn.endswith(".tpl"):
            continue
        current = None
        with open(os.path.join(folder, fn), encoding="latin-1") as f:
            for raw in f:
                line = raw.split("#", 1)[0].strip()
                if not line:
                    continue
                a = attrs(line)
                if "Module" in a and line.startswith("Module="):
                    current = blocks.setdefault(a["Module"], [])
                elif line.startswith("DefineMacro="):
                    current = blocks.setdefault(a["DefineMacro"], [])
                elif line in ("ModuleEnd", "MacroEnd"):
                    current = None
                elif current is not None:
                    current.append(line)
    return blocks


def walk(blocks, name, depth, out, seen):
    """Adds (keyword, depth, type) for every attribute of module/macro `name` at `depth` (0 = top level)."""
    if name not in blocks or name in seen:
        return
    seen = seen | {name}
    d = depth
    for line in blocks[name]:
        a = attrs(line)
        if line.startswith("Name="):
            out.append((a["Name"], d, a.get("Type", "3")))
        elif line.startswith("Sequence="):
            out.append((a["Sequence"], d, a.get("Type", "3")))
            d += 1
        elif line.startswith("SequenceEnd"):
            d -= 1
        elif line.startswith("InvokeMacro="):
            walk(blocks, a["InvokeMacro"], d, out, seen)


def main():
    src = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    dest = sys.argv[2] if len(sys.argv) > 2 else here

    keyword_to_tag = {}
    free_text = {}
    with open(os.path.join(here, "ps3.6_data_dictionary.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) > 3 and p[3]:
                keyword_to_tag[p[3]] = p[0]
                if p[1] in ("LT", "ST", "UT", "UC", "UR", "DA", "DT", "TM"):
                    free_text[p[0]] = p[3]  # not in E.1-1 but removed (text) or emptied (dates) by the engine
    profile = {}
    with open(os.path.join(here, "ps3.15_E.1-1_confidentiality_profile.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            profile[p[0]] = p[2]
    for tag, keyword in free_text.items():
        profile.setdefault(tag, keyword)

    sop_classes = {}
    with open(os.path.join(src, "sopcl.tpl"), encoding="latin-1") as f:
        for line in f:
            a = attrs(line)
            if "Name" in a and "Uid" in a and a.get("Type", "Class") == "Class":
                sop_classes.setdefault(a["Name"], a["Uid"])

    conditions = {}
    current = None
    with open(os.path.join(src, "condn.tpl"), encoding="latin-1") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if line.startswith("Condition="):
                current = conditions.setdefault(attrs(line)["Condition"], [])
            elif line.startswith("ConditionEnd"):
                current = None
            elif current is not None:
                a = attrs(line)
                const = a.get("StringConstantFromRootAttribute", "")
                if a.get("Element") == "SOPClassUID" and const.endswith("SOPClassUID"):
                    uid = sop_classes.get(const[: -len("SOPClassUID")])
                    if uid:
                        current.append(uid)

    blocks = read_templates(os.path.join(src, "module"))
    rows, classes = [], []
    iod = None
    modules = []
    for fn in sorted(os.listdir(os.path.join(src, "iodcomp"))):
        with open(os.path.join(src, "iodcomp", fn), encoding="latin-1") as f:
            for raw in f:
                line = raw.split("#", 1)[0].strip()
                a = attrs(line)
                if line.startswith("CompositeIOD="):
                    iod = (a["CompositeIOD"], a.get("Condition", ""))
                    modules = []
                elif line.startswith("Module=") and iod:
                    modules.append(a["Module"])
                elif line.startswith("CompositeIODEnd") and iod:
                    found = []
                    for m in modules:
                        walk(blocks, m, 0, found, frozenset())
                    top, nested = {}, {}
                    for kw, depth, t in found:
                        tag = keyword_to_tag.get(kw)
                        if tag is None or tag not in profile:
                            continue
                        target = top if depth == 0 else nested
                        if RANK.get(t, 0) > RANK.get(target.get(tag, ""), 0):
                            target[tag] = t
                    for uid in conditions.get(iod[1], []):
                        classes.append((uid, iod[0]))
                    for tag in sorted(set(top) | set(nested)):
                        t, n = top.get(tag, ""), nested.get(tag, "")
                        if RANK.get(t, 0) > 1 or RANK.get(n, 0) > 1:
                            rows.append((iod[0], tag, profile[tag], t, n))
                    iod = None

    with open(os.path.join(dest, "iod_attribute_types.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("iod\ttag\tkeyword\ttype\tnested_type\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    with open(os.path.join(dest, "iod_sop_classes.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("sop_class_uid\tiod\n")
        for r in classes:
            f.write("\t".join(r) + "\n")
    print(f"{len(rows)} attribute rows, {len(set(r[0] for r in rows))} IODs, {len(classes)} SOP classes -> {dest}")


if __name__ == "__main__":
    main()
