/** The 300-line plan the services benchmark edits: valid, with examples that hold. */

/** A plan of about 300 lines: ten groups of measures and two curve components each, and examples. */
export function benchmarkPlan(): string {
  const lines = [
    'plan "Benchmark - 300 lines"',
    '  period quarter',
    '  currency USD',
    '  target incentive: annual, prorated by days employed (actual/365)',
    '  rounding half-even',
    '',
  ];
  for (let g = 1; g <= 10; g++) {
    lines.push(
      `# Group ${g}: revenue and margin of product line ${g},`,
      '# each on a curve with an accelerator above target.',
      `measure revenue_${g} = sum of order.amount where productLine is "line ${g}"`,
      `measure cost_${g} = sum of order.cost where productLine is "line ${g}"`,
      `measure margin_${g} = (revenue_${g} - cost_${g}) / revenue_${g}`,
      `measure growth_${g} = revenue_${g} / (revenue_${g} in same period last year) - 1`,
      `measure repeat_${g} = sum of order.amount where repeat and productLine is "line ${g}"`,
      '',
      `component "Revenue ${g}" weight 5% for team`,
      `  pays curve on revenue_${g} / goal "Revenue ${g}":`,
      '    below 80%: 0%',
      '    from 80% up to 100%: 50% to 100%',
      '    from 100% up to and including 150%: 100% to 200%',
      '    above 150%: 200%',
      '',
      `component "Margin ${g}" weight 5% for individual`,
      `  pays curve on margin_${g}:`,
      '    below 20%: 0%',
      '    from 20% up to 30%: 50% to 100%',
      '    from 30% up to and including 40%: 100% to 150%',
      '    above 40%: 150%',
      '',
    );
  }
  lines.push(
    'when average of survey.score is below 4.0: team components pay 50%',
    'cap total at 200% of target incentive',
    '',
  );
  for (let g = 1; g <= 10; g++) {
    lines.push(
      `example "Group ${g} on target":`,
      `  given target incentive = 10,000, revenue_${g} = 1,100,000, goal "Revenue ${g}" = 1,000,000,`,
      `    margin_${g} = 30%`,
      `  # 110% attainment pays 120% of 5% of 10,000 = 600; a 30% margin pays 100% of 500.`,
      `  expect "Revenue ${g}" pays 600.00`,
      `  expect "Margin ${g}" pays 500.00`,
      '',
    );
  }
  return lines.join('\n');
}
