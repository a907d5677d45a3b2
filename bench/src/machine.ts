import { cpus, loadavg, release, totalmem, type } from 'node:os';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average when the bench started and ended: high values mean noisy figures. */
  loadStart: number;
  loadEnd?: number;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpu: list[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    loadStart: loadavg()[0] ?? 0,
  };
}

export function finishMachine(machine: Machine): Machine {
  return { ...machine, loadEnd: loadavg()[0] ?? 0 };
}
