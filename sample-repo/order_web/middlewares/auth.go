// Package middlewares 是 order_web 的 Gin 中间件。
package middlewares

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// UserID 把当前用户 ID 放进 gin.Context（键 "userId"）。
//
// 示例仓库里它直接读网关注入的 X-User-Id 头；真实项目在这里校验 JWT，
// 再把 claims 里的用户 ID 写进上下文，handler 的写法不变。
func UserID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := strconv.Atoi(c.GetHeader("X-User-Id"))
		if err != nil || id <= 0 {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"msg": "未登录"})
			return
		}
		c.Set("userId", id)
		c.Next()
	}
}
