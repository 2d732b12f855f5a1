// The issuer of a notice as the directory names it: a city's office without the city, a district's office whole.
import { supervisorPhrase } from '../../domain/draft/draft';

const directory = new Set(['市司法局', '市政府办公室']);
const known = (n: string) => directory.has(n);

test('a city office drops the city when the directory names it so, or keeps its full name when that is known', () => {
  expect(supervisorPhrase('江门市司法局', known)).toBe('市司法局');
  expect(supervisorPhrase('江门市司法局', (n) => n === '江门市司法局')).toBe('江门市司法局');
  expect(supervisorPhrase('江门市应急管理局', known)).toBe('市应急管理局'); // unknown either way: the directory's form
});

test('a district’s or county’s office keeps its name: without the city it would name a city office', () => {
  expect(supervisorPhrase('佛山市顺德区人民政府办公室', known)).toBe('佛山市顺德区人民政府办公室');
  expect(supervisorPhrase('惠州市博罗县司法局', known)).toBe('惠州市博罗县司法局');
  expect(supervisorPhrase('区司法局', known)).toBe('区司法局');
});
