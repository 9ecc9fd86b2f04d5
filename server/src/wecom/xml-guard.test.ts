import { describe, expect, it } from 'vitest';
import { CallbackXmlError, parseEventXml, parseXmlRoot, scanEnvelope } from './callback-xml.ts';
import { MAX_XML_DEPTH, xmlShapeProblem } from './xml-guard.ts';

describe('XML guard', () => {
  it('accepts WeCom-shaped XML, CDATA holding markup, comments and the declaration', () => {
    expect(
      xmlShapeProblem('<?xml version="1.0"?><xml><!-- c --><A><![CDATA[<!DOCTYPE <b><c>]]></A><M><Item>x</Item><Item/></M></xml>'),
    ).toBeNull();
    expect(xmlShapeProblem(`<xml>${'<a>'.repeat(MAX_XML_DEPTH - 1)}${'</a>'.repeat(MAX_XML_DEPTH - 1)}</xml>`)).toBeNull();
  });

  it('refuses DOCTYPE/ENTITY declarations and nesting past the limit', () => {
    expect(xmlShapeProblem('<!DOCTYPE xml [<!ENTITY a "b">]><xml>&a;</xml>')).toMatch(/DOCTYPE/);
    expect(xmlShapeProblem('<xml><!ENTITY a "b"></xml>')).toMatch(/DOCTYPE/);
    expect(xmlShapeProblem(`<xml>${'<a>'.repeat(MAX_XML_DEPTH)}</xml>`)).toMatch(/nested/);
  });

  it('makes the parsers throw CallbackXmlError (never another error) for entity bombs and 100k-deep nesting', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><ToUserName>&b;</ToUserName></xml>';
    const deep = `<xml>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</xml>`;
    for (const xml of [bomb, deep, `<xml>${'<a>'.repeat(100_000)}`]) {
      expect(() => parseXmlRoot(xml)).toThrow(CallbackXmlError);
      expect(() => parseEventXml(xml)).toThrow(CallbackXmlError);
    }
  });
});

describe('envelope scan', () => {
  it('takes Encrypt (CDATA or bare) and ToUserName without parsing the rest', () => {
    expect(
      scanEnvelope(
        '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7k+/=]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID></xml>',
      ),
    ).toEqual({ encrypt: 'Kl7k+/=', toUserName: 'ww1436e0e65a779aee' });
    expect(scanEnvelope('<xml><Encrypt>abc=</Encrypt><<<broken')).toEqual({ encrypt: 'abc=', toUserName: null });
  });

  it('finds nothing when Encrypt is missing, empty or not base64', () => {
    for (const body of [
      '',
      'garbage',
      '<xml><ToUserName>x</ToUserName></xml>',
      '<xml><Encrypt></Encrypt></xml>',
      '<xml><Encrypt><![CDATA[a b]]></Encrypt></xml>',
      '<xml><Encrypt><![CDATA[abc',
      '<Encrypt><![CDATA[a]]></Encrypt>'.slice(0, -1),
    ]) {
      expect(scanEnvelope(body)).toBeNull();
    }
  });
});
