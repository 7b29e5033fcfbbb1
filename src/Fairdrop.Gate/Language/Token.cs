namespace Fairdrop.Gate.Language;

/// <summary>One token: its kind, where it starts in the source, its length and its decoded value when it has one.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, string Text, object? Value = null)
{
    public int End => Start + Length;

    public bool Is(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.Ordinal);
}
