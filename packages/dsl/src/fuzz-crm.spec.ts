import { fuzzTemplates } from './testing/mutated-templates';

/**
 * 5,000 definitions mutated from the routing, SOP and campaign templates
 * (fuzz.spec.ts takes the approval ones): validate() never throws, and
 * whatever it accepts compiles and starts. FUZZ_RUNS=50000 digs deeper.
 */
describe('validate and compile over mutated routing, SOP and campaign templates', () => {
  it('never throws in validate, and every definition it accepts compiles and starts', () => {
    const accepted = fuzzTemplates((t) => t.kind !== 'approval', Number(process.env.FUZZ_RUNS ?? 5_000), 20_261_201);
    // the mutations must leave many definitions valid, or compile() was barely tried
    expect(accepted).toBeGreaterThan(500);
  }, 180_000);
});
