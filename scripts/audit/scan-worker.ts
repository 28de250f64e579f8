/**
 * One worker of `audit scan --jobs N`: turns a block of input lines into their output lines with
 * the same `scanBlock` as the scan without workers, so both give the same output.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scanBlock, type ScanOptions } from './scan';

const options = workerData as ScanOptions;
parentPort!.on('message', ({ seq, firstLine, text }: { seq: number; firstLine: number; text: string }) => {
  parentPort!.postMessage({ seq, out: scanBlock(text, firstLine, options) });
});
