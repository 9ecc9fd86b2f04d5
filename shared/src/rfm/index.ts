export * from './score.ts';
export * from './aggregate.ts';
export * from './settings.ts';
