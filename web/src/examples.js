// Example policies behind the "load example" buttons. The first is what the page starts with.
export const EXAMPLES = [
  {
    id: 'enforce',
    label: 'Good: enforce',
    text: 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.mx.example.net\nmax_age: 604800\n',
    hosts: 'mail.example.com, mx1.mx.example.net',
  },
  {
    id: 'testing',
    label: 'Good: testing',
    text: 'version: STSv1\nmode: testing\nmx: mx1.example.org\nmx: mx2.example.org\nmax_age: 86400\n',
    hosts: 'mx1.example.org, mx2.example.org',
  },
  {
    id: 'mistakes',
    label: 'Common mistakes',
    // A capitalised field name, a blank line, a trailing dot, leading whitespace, a comment and a
    // duplicate field: every one but the last has a safe fix.
    text: 'version: STSv1\nMode: enforce\n\nmx: mail.example.com.\nmx: *.mx.example.net\n max_age: 86400\n# backup MX\n',
    hosts: 'mail.example.com, mx1.mx.example.net, backup.example.org',
  },
  {
    id: 'wildcards',
    label: 'Wildcard mistakes',
    text: 'version: STSv1\nmode: enforce\nmx: mx.*.example.com\nmx: *.com\nmx: 192.0.2.25\nmx: *.example.com\nmax_age: 604800\n',
    hosts: 'a.example.com, a.b.example.com, example.com',
  },
];
