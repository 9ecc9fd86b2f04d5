/**
 * Work that must wait until the first screen has painted (e.g. loading zod to check a response
 * the paint already used): registered with afterFirstScreen, run once the page calls
 * firstScreenShown. Timers cannot tell: on a slow phone the paint may come seconds late.
 */
const waiting: Array<() => void> = [];
let shown = false;

export function afterFirstScreen(work: () => void): void {
  if (shown) work();
  else waiting.push(work);
}

export function firstScreenShown(): void {
  shown = true;
  for (const work of waiting.splice(0)) work();
}
