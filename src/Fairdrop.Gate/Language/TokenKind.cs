namespace Fairdrop.Gate.Language;

/// <summary>The kinds of token of the rule language; keywords are identifiers the parser recognises in place.</summary>
internal enum TokenKind
{
    End,
    Identifier,
    String,
    Number,
    Duration,
    Ip,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Comma,
    Dot,
    Bad,
}
