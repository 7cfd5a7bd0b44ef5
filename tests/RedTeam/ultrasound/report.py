#!/usr/bin/python3
"""Markdown summary of one or more scored runs (score.json from measure.py).

    /usr/bin/python3 report.py --set SET RUNDIR [RUNDIR ...]
"""
import argparse
import collections
import json
import os


def rate(missed, total):
    return '%d/%d missed' % (missed, total)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--set', required=True)
    ap.add_argument('runs', nargs='+')
    args = ap.parse_args()
    tdir = os.path.join(args.set, 'truth')
    truths = {n[:-5]: json.load(open(os.path.join(tdir, n))) for n in sorted(os.listdir(tdir)) if n.endswith('.json')}
    print('| Mode | PHI boxes removed | >= 12 px | < 12 px | Sector blacked (all / not touching text / JPEG MCU allowance) '
          '| Elsewhere (all / not touching text) | Labels removed / touched | Re-check false alarms | TextRemains files '
          '| BIA NO with PHI left (readable) | Files passing | Wall ms/frame (mean, median file) | CPU ms/frame |')
    print('|' + '---|' * 13)
    scores = []
    for run in args.runs:
        s = json.load(open(os.path.join(run, 'score.json')))
        scores.append((run, s))
        m = s['summary']
        print('| %s | %.1f%% (%d) | %.1f%% (%d) | %.1f%% (%d) | %.3f%% / %.3f%% / %.3f%% | %.4f%% / %.4f%% | %.1f%% / %d '
              '| %d | %d | %d (%d) | %d/%d | %s, %s | %s |' % (
                  m['mode'], m['phi_removed_pct'], m['phi_boxes'], m['phi_ge12_pct'], m['phi_ge12_n'],
                  m['phi_lt12_pct'], m['phi_lt12_n'], m['sector_blacked_pct'], m['sector_blacked_pct_isolated_only'],
                  m['sector_blacked_pct_jpeg_mcu_allowance'], m['elsewhere_blacked_pct'],
                  m['elsewhere_blacked_pct_isolated_only'], m['labels_removed_pct'], m['labels_touched'],
                  m['recheck_false_alarm_files'], m['textremains_files'], m['bia_no_with_phi_left_files'],
                  m['bia_no_with_phi_readable_files'], m['files_passing'], m['files'], m['wall_ms_per_frame_mean'],
                  m['wall_ms_per_frame_median_file'], m['cpu_ms_per_frame_mean']))
    for run, s in scores:
        m = s['summary']
        print('\n## %s (%s)\n' % (m['mode'], run))
        # totals per factor from the truth, misses from the failures
        totals = collections.defaultdict(collections.Counter)
        for t in truths.values():
            for it in t['items']:
                if it['kind'] != 'phi':
                    continue
                for fr in it['frames']:
                    for key, val in (('zone', it['zone']), ('style', it['style']), ('face', it['face'] + ('' if it['antialias'] else ' (aliased)')),
                                     ('size', 'ge12' if it['size_px'] >= 12 else 'lt12'), ('colour', it['colour']),
                                     ('field', it['field']), ('encoding', t['encoding']),
                                     ('panel', it.get('panel') or 'none'), ('polarity', it.get('polarity', 'light')),
                                     ('clipped', it.get('clipped') or 'no'),
                                     ('screen', '%dx%d' % (t['columns'], t['rows']))):
                        totals[key][val] += 1
        missed = collections.defaultdict(collections.Counter)
        for f in s['phi_failures']:
            for key, val in (('zone', f['zone']), ('style', f['style']), ('face', f['face'] + ('' if f['antialias'] else ' (aliased)')),
                             ('size', 'ge12' if f['size_px'] >= 12 else 'lt12'), ('colour', f['colour']),
                             ('field', f['field']), ('encoding', f['encoding']),
                             ('panel', f.get('panel', 'none')), ('polarity', f.get('polarity', 'light')),
                             ('clipped', f.get('clipped', 'no')),
                             ('screen', '%dx%d' % (truths[f['file']]['columns'], truths[f['file']]['rows']))):
                missed[key][val] += 1
        for key in ('zone', 'style', 'size', 'colour', 'field', 'encoding', 'panel', 'polarity', 'clipped', 'screen',
                    'face'):
            parts = ['%s %d/%d' % (v, missed[key][v], n) for v, n in sorted(totals[key].items(), key=lambda kv: -missed[key][kv[0]] / kv[1])]
            print('- PHI boxes missed by %s: %s' % (key, ', '.join(parts)))
        print('\nMissed PHI boxes (file frame field face size colour style zone; residue px, glyph core left, OCR similarity, readable):')
        seen = set()
        for f in s['phi_failures']:
            key = (f['file'], f['field'])
            if key in seen:
                continue
            seen.add(key)
            frames = [g['frame'] for g in s['phi_failures'] if (g['file'], g['field']) == key]
            print('- %s frames %s: %s %s %dpx%s %s %s in %s%s; residue %d px, core left %.0f%%, OCR %.2f, readable %s' % (
                f['file'], frames, f['field'], f['face'], f['size_px'], '' if f['antialias'] else ' aliased', f['colour'],
                f['style'], f['zone'], '' if f.get('panel', 'none') == 'none' else ' on ' + f['panel'] + (' (dark text)' if f.get('polarity') == 'dark' else ''),
                f['residue_px'], 100 * f['core_left'], f['ocr_similarity'], f['readable']))
        if m.get('labels_left_by_kind'):
            print('\nLabel and field-name boxes left (all-text modes): %s' % m['labels_left_by_kind'])
        if s['labels_touched']:
            c = collections.Counter(x['field'] + ':' + x['text'].split(' ')[0] for x in s['labels_touched'])
            print('\nLabels touched (%d boxes): %s' % (len(s['labels_touched']), ', '.join('%s x%d' % kv for kv in c.most_common())))
        if 'graphics_px' in m:
            print('\nFalsely blacked outside the text exclusion: graphics %.3f%% of %d px (bars, ticks, calipers, body '
                  'marker, thumbnails), panels %.3f%% of %d px (header bar, label boxes)' % (
                      m['graphics_blacked_pct'], m['graphics_px'], m['panels_blacked_pct'], m['panels_px']))
        iso = [c for c in s['false_blackout'] if not c['touches_text_zone']]
        print('\nFalse blackout components not touching any text zone: %d (%d px); touching a text zone (box grown past half '
              'the text height): %d (%d px)' % (len(iso), sum(c['pixels'] for c in iso),
                                                len(s['false_blackout']) - len(iso),
                                                sum(c['pixels'] for c in s['false_blackout']) - sum(c['pixels'] for c in iso)))
        for c in sorted(iso, key=lambda c: -c['pixels'])[:12]:
            print('  - %s frame %d %s box %s %d px' % (c['file'], c['frame'], c['where'], c['box'], c['pixels']))
        print('\nPer file: ' + '; '.join('%s %s %s BIA=%s phi %s sector %.3f%%' % (p['file'], p['encoding'], p['status'] or p['errors'],
                                                                                  p['bia'], p['phi'], p['sector_pct'])
                                         for p in s['per_file']))
        print('\nPHI boxes left that a re-check box names: %s' % m['phi_boxes_left_named_by_recheck'])
        print('\nRe-check boxes by what they sit on: %s; TextRemains files whose re-check boxes all sit on no remaining text: %d'
              % (m['recheck_boxes_by_what_they_sit_on'], m['textremains_files_whose_recheck_boxes_sit_on_no_remaining_text']))
        for c in s.get('recheck_boxes_without_text', [])[:15]:
            print('  - %s frame %d box %s on %s%s' % (c['file'], c['frame'], c['box'], c['on'], ' (sector)' if c['in_sector'] else ''))
        if m.get('header_or_path_hits'):
            print('\nHeader/path scan hits: %s' % m['header_or_path_hits'])


if __name__ == '__main__':
    main()
