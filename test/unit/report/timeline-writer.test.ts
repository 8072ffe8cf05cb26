import { expect } from 'chai';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTimeline, TimelineWriter } from '../../../src/report/timeline-writer.js';
import { alert, inject, sli } from '../measure/timeline-builder.js';

describe('timeline writer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-timeline-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends events as they happen and reads them back', () => {
    const file = join(dir, 'timeline.jsonl');
    const w = new TimelineWriter(file);
    const events = [sli(0, 100, 0, 50), inject(1), alert('IstiodDown', 'firing', 2)];
    w.append(events[0]!);
    // already readable before close: nothing is buffered in the process
    expect(readTimeline(file)).to.deep.equal([events[0]]);
    w.append(events[1]!);
    w.sync();
    w.append(events[2]!);
    w.close();
    expect(readTimeline(file)).to.deep.equal(events);
    expect(() => w.append(events[0]!)).to.throw('closed');
  });

  it('drops a torn last line and rejects corruption elsewhere', () => {
    const file = join(dir, 'timeline.jsonl');
    writeFileSync(file, JSON.stringify(inject(1)) + '\n');
    appendFileSync(file, '{"kind":"sli","at":');
    expect(readTimeline(file)).to.have.length(1);
    writeFileSync(file, JSON.stringify(inject(1)) + '\nnot json\n' + JSON.stringify(inject(2)) + '\n');
    expect(() => readTimeline(file)).to.throw(`${file}:2: not a JSON line`);
  });
});
