import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter'

/** Prints why each skipped test was skipped, so a skip is never mistaken for a pass. */
export default class SkipReasonReporter implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return
    const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given'
    console.log(`  skipped: ${test.titlePath().slice(1).join(' › ')}\n           ${reason}`)
  }
}
