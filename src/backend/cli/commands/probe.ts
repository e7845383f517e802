import { formatBytes } from '../../../shared/format'
import type { Gpu, HardwareProbe } from '../../../shared/hardware'
import { dataPaths, resolveDataDir } from '../../paths'
import { probeFull } from '../../services/hardware/full-probe'
import { jsonOption, type Command } from '../command'

export const probe: Command = {
  summary: 'What this machine has: CPU, RAM, GPUs and what llama.cpp can use, free disk',
  help: `Usage: exaone-desktop probe [--json]

Prints this machine's CPU, memory, GPUs (with the llama.cpp backend each can use, or why not) and free disk
space in the models folder. Takes a few seconds: it asks node-llama-cpp which GPU backends load here.
  --json   machine-readable output (the same shape --hardware files take)`,
  options: { ...jsonOption },
  async run(values) {
    const result = await probeFull(dataPaths(resolveDataDir()).models)
    console.log(values.json ? JSON.stringify(result, null, 2) : describe(result).join('\n'))
    return 0
  }
}

function describe(probe: HardwareProbe): string[] {
  const { cpu, ram, disk, llamaCpp } = probe
  const features = cpu.features ? Object.entries(cpu.features).filter(([, has]) => has).map(([name]) => name.toUpperCase()) : []
  const swap = ram.swapTotalBytes ? `swap ${formatBytes(ram.swapFreeBytes ?? 0)} free of ${formatBytes(ram.swapTotalBytes)}` : 'no swap'
  const backend = llamaCpp?.backend ? llamaCpp.backend.toUpperCase() : 'CPU only'
  return [
    `CPU    ${cpu.brand} · ${cpu.cores} cores / ${cpu.threads} threads${features.length ? ` · ${features.join(' ')}` : ''}`,
    `RAM    ${formatBytes(ram.availableBytes)} available of ${formatBytes(ram.totalBytes)} · ${swap}`,
    ...(probe.gpus.length === 0 ? ['GPU    none found: models run on the CPU'] : probe.gpus.map((gpu, index) => `${index === 0 ? 'GPU   ' : '      '} ${describeGpu(gpu)}`)),
    `llama  ${llamaCpp?.problem ? `cannot start: ${llamaCpp.problem}` : backend}`,
    `OS     ${probe.os.platform} ${probe.os.release} ${probe.os.arch}`,
    ...(disk ? [`Disk   ${formatBytes(disk.freeBytes)} free of ${formatBytes(disk.totalBytes)} at ${disk.path}`] : [])
  ]
}

function describeGpu(gpu: Gpu): string {
  const memory = gpu.unifiedMemory
    ? `shares system memory${gpu.vramTotalBytes ? ` (up to ${formatBytes(gpu.vramTotalBytes)})` : ''}`
    : gpu.vramTotalBytes
      ? `${formatBytes(gpu.vramTotalBytes)} VRAM${gpu.vramFreeBytes !== null ? ` (${formatBytes(gpu.vramFreeBytes)} free)` : ''}`
      : 'VRAM unknown'
  const use = gpu.backend ? gpu.backend.toUpperCase() : `not usable: ${gpu.unusableReason ?? 'no reason given'}`
  return [gpu.name, memory, use, ...(gpu.driver ? [`driver ${gpu.driver}`] : [])].join(' · ')
}
